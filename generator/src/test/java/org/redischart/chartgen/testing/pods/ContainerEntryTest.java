package org.redischart.chartgen.testing.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which command lines of a container's main process are still one of the harness's setup steps. */
class ContainerEntryTest {
    @Test
    void theHarnessStepsAreSetupAndTheContainersCommandIsNot() {
        assertThat(ContainerEntry.isSetupStep(List.of("/usr/bin/setsid", "/usr/sbin/ip", "netns", "exec", "ns"))).isTrue();
        assertThat(ContainerEntry.isSetupStep(List.of("sh", "-c", "mount --bind a b", ContainerEntry.SETUP_NAME))).isTrue();
        assertThat(ContainerEntry.isSetupStep(List.of("/usr/sbin/chroot", "--userspec=999:999", "/root"))).isTrue();
        assertThat(ContainerEntry.isSetupStep(List.of("redis-server *:6379"))).isFalse();
        assertThat(ContainerEntry.isSetupStep(List.of("sh", "-c", "exec redis-server /etc/redis/redis.conf"))).isFalse();
    }

    @Test
    void aCommandLineThatNamesNoProgramIsNotTakenForTheContainer() {
        assertThat(ContainerEntry.isSetupStep(List.of("/"))).isTrue();
        assertThat(ContainerEntry.isSetupStep(List.of(""))).isTrue();
    }
}
