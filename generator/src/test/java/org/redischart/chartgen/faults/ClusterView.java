package org.redischart.chartgen.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.redischart.chartgen.testing.pods.Pod;
import org.redischart.chartgen.testing.pods.StatefulSetPods;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * What the cluster fault scenarios ask of running Redis Cluster pods: each node's view
 * (CLUSTER INFO, CLUSTER NODES), the shards and their slots, and a cluster-aware client
 * (JedisCluster) whose connections to the pods' announced names go through the client
 * namespace.
 */
final class ClusterView {
    static final int SLOTS = 16384;

    /** One line of CLUSTER NODES. */
    record Node(String id, String ip, String host, String flags, String masterId, List<String> slots) {
        boolean master() {
            return flags.contains("master");
        }

        int slotCount() {
            int count = 0;
            for (String range : slots) {
                if (range.startsWith("[")) {
                    continue;
                }
                String[] ends = range.split("-");
                count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
            }
            return count;
        }

        boolean owns(int slot) {
            for (String range : slots) {
                if (range.startsWith("[")) {
                    continue;
                }
                String[] ends = range.split("-");
                int from = Integer.parseInt(ends[0]);
                int to = ends.length == 1 ? from : Integer.parseInt(ends[1]);
                if (slot >= from && slot <= to) {
                    return true;
                }
            }
            return false;
        }
    }

    private final StatefulSetPods pods;
    private final RedisSet set;

    ClusterView(StatefulSetPods pods, RedisSet set) {
        this.pods = pods;
        this.set = set;
    }

    RedisSet set() {
        return set;
    }

    String info(Pod pod, String field) {
        return RedisSet.field(pods.ask(pod, RedisSet.REDIS_PORT, 2000, Jedis::clusterInfo), field);
    }

    /** CLUSTER NODES as {@code pod} sees it. */
    List<Node> nodes(Pod pod) {
        List<Node> nodes = new ArrayList<>();
        for (String line : pods.ask(pod, RedisSet.REDIS_PORT, 2000, Jedis::clusterNodes).split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String[] address = f[1].split(",");
            nodes.add(new Node(f[0], address[0].split(":")[0], address.length > 1 ? address[1] : "", f[2], f[3],
                    List.of(f).subList(8, f.length)));
        }
        return nodes;
    }

    Node self(Pod pod) {
        return nodes(pod).stream().filter(n -> n.flags().contains("myself")).findFirst().orElseThrow();
    }

    Pod podOf(Node node) {
        return pods.byDnsName(node.host());
    }

    /** Shards as {@code pod} sees them: the primary's slot ranges → the ids of the primary and its replicas. */
    Map<String, Set<String>> shards(Pod pod) {
        List<Node> nodes = nodes(pod);
        Map<String, Set<String>> shards = new TreeMap<>();
        for (Node master : nodes) {
            if (master.master() && !master.slots().isEmpty()) {
                Set<String> members = new TreeSet<>(List.of(master.id()));
                nodes.stream().filter(n -> master.id().equals(n.masterId())).forEach(n -> members.add(n.id()));
                shards.put(String.join(" ", master.slots()), members);
            }
        }
        return shards;
    }

    /** Every pod of {@code running} says cluster_state:ok, knows every one of them and sees all slots served. */
    void awaitOk(List<Pod> running, Duration timeout) {
        set.await(timeout, "cluster_state:ok on " + running.size() + " nodes", () -> running.stream().allMatch(p ->
                info(p, "cluster_state").equals("ok") && info(p, "cluster_slots_ok").equals(String.valueOf(SLOTS))
                        && info(p, "cluster_known_nodes").equals(String.valueOf(running.size()))
                        && nodes(p).stream().noneMatch(n -> n.flags().contains("fail"))));
    }

    /** The pod the cluster names as primary of {@code slot}, seen from {@code from}. */
    Pod primaryOf(Pod from, int slot) {
        return podOf(nodes(from).stream().filter(n -> n.master() && n.owns(slot)).findFirst().orElseThrow());
    }

    Optional<Node> replicaOf(Pod from, Pod primary) {
        String id = self(primary).id();
        return nodes(from).stream().filter(n -> id.equals(n.masterId())).findFirst();
    }

    /** A cluster-aware client: it starts at {@code seed} and maps every announced name (or IP) to its pod. */
    JedisCluster client(Pod seed) {
        HostAndPortMapper mapper = address -> pods.pods().stream()
                .filter(p -> p.dnsName().equals(address.getHost()) || p.ip().equals(address.getHost()))
                .findFirst().map(p -> pods.address(p, address.getPort())).orElse(address);
        DefaultJedisClientConfig config = pods.clientConfig(5000).connectionTimeoutMillis(2000).hostAndPortMapper(mapper).build();
        return new JedisCluster(Set.of(new HostAndPort(seed.dnsName(), RedisSet.REDIS_PORT)), config, 5,
                Duration.ofSeconds(20));
    }
}
