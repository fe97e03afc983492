package org.redischart.chartgen.testing.pods;

import java.time.Duration;

/**
 * What the pods of one {@link StatefulSetPods} get beyond processes in namespaces, one field
 * per concern, set by its fluent {@code with…} methods and read by each {@link Pod} when it
 * starts (so the order of options and added StatefulSets does not matter).
 */
final class PodOptions {
    /** Each container in a cgroup with its rendered resources.limits. */
    boolean limits;
    /** Containers restarted and probed as the kubelet does; null: the test drives every restart. */
    Duration kubeletBackOff;
    /** A recreated pod (started again after a delete, restart or kill of all its containers) gets a new address. */
    boolean newAddressOnRecreation;
    /** Each claim a loop-mounted ext4 filesystem of this many bytes; 0: a directory without limit. */
    long claimBytes;
}
