package org.redischart.chartgen.cli;

import org.redischart.chartgen.sizing.Alpha;
import org.redischart.chartgen.sizing.Figures;
import org.redischart.chartgen.sizing.Headroom;
import org.redischart.chartgen.sizing.Resources;

/**
 * {@code chartgen size}'s YAML answer: the figures, with comments saying how each was derived
 * and, last, the values a values file sets to get them. Comments keep it readable YAML.
 */
record SizeReport(Figures required, Alpha cpuAlpha, Alpha memoryAlpha, Resources resources) {

    String yaml() {
        Figures requests = resources.requests();
        Figures limits = resources.limits();
        int percent = Headroom.DEFAULT_PERCENT;
        String maxmemoryReason = resources.maxmemory().equals(requests.memory())
                ? "# maxmemory is the memory request (" + requests.memory() + "), within " + percent
                        + "% of the memory limit (resources.maxmemoryPercent):\n"
                : "# maxmemory is " + percent + "% of the memory limit (" + limits.memory()
                        + "; resources.maxmemoryPercent), below the request (" + requests.memory() + "):\n";
        return "# Redis requires " + required.memory() + " of memory and " + required.cpu() + " of CPU; margin share "
                + alphaText() + " (docs/sizing.md):\n"
                + "# request = required x (1 - alpha), rounded up; limit = required.\n"
                + "requests:\n"
                + "  cpu: " + requests.cpu() + "\n"
                + "  memory: " + requests.memory() + "\n"
                + "limits:\n"
                + "  cpu: " + limits.cpu() + "\n"
                + "  memory: " + limits.memory() + "\n"
                + maxmemoryReason
                + "# the rest of the limit is headroom for the fork of BGSAVE and AOF rewrite, fragmentation\n"
                + "# and client buffers, so that Redis is not OOM-killed.\n"
                + "# For Redis to hold more data, raise --memory: maxmemory is at most " + percent + "% of it.\n"
                + "maxmemory: " + resources.redisMaxmemory() + "\n"
                + "# The values that give these figures (chartgen validate -f checks a values file):\n"
                + "#   resources:\n"
                + "#     required:\n"
                + "#       cpu: " + required.cpu() + "\n"
                + "#       memory: " + required.memory() + "\n"
                + alphaValues();
    }

    private String alphaText() {
        return cpuAlpha.equals(memoryAlpha) ? "alpha " + cpuAlpha
                : "alpha " + cpuAlpha + " for CPU, " + memoryAlpha + " for memory";
    }

    private String alphaValues() {
        return cpuAlpha.equals(memoryAlpha) ? "#     alpha: " + cpuAlpha + "\n"
                : "#     cpuAlpha: " + cpuAlpha + "\n#     memoryAlpha: " + memoryAlpha + "\n";
    }
}
