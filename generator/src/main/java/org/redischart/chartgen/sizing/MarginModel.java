package org.redischart.chartgen.sizing;

/**
 * The α margin model: margin = α × required, request = required − margin, limit = required.
 * Requests round up to whole millicores and mebibytes, so a request never under-asks.
 */
public record MarginModel(Alpha cpuAlpha, Alpha memoryAlpha) {
    public static MarginModel uniform(Alpha alpha) {
        return new MarginModel(alpha, alpha);
    }

    public Resources apply(Figures required) {
        Figures requests = new Figures(
                CpuQuantity.ofMillicores(cpuAlpha.request(required.cpu().millicores())),
                MemoryQuantity.ofMebibytes(memoryAlpha.request(required.memory().mebibytes())));
        return new Resources(requests, required);
    }
}
