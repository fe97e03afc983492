package org.redischart.chartgen.sizing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.redischart.chartgen.input.InvalidInputException;

/** Random valid spellings of memory, CPU and alpha values, in every accepted form. */
final class SpellingGenerator {
    private static final List<String> MEMORY_UNITS = List.of("", "k", "M", "G", "T", "Ki", "Mi", "Gi", "Ti");
    private static final List<Integer> MEMORY_DIGITS = List.of(13, 10, 7, 4, 1, 10, 7, 4, 1);
    private static final List<String> MEMORY_EDGES = List.of("4Ti", "1", "1e-05", "1048576", "1048577",
            "4398046511104", "0.000000001Gi", "4.000000000Ti", "1023.999999999Ki", "000128Mi", "+512Mi");
    private static final List<String> CPU_EDGES = List.of("1024", "1m", "0.001", "0.0001", "1e-09",
            "1024000m", "0.999999999m", "+2", "0250m");

    private final Random random;

    SpellingGenerator(Random random) {
        this.random = random;
    }

    /** A memory the chart accepts as a limit: at least SizingResolver.MIN_LIMIT_MEBIBYTES. */
    Spelling memory() {
        return valid(this::memoryCandidate, s -> {
            if (MemoryQuantity.parse("memory", s.java()).mebibytes() < SizingResolver.MIN_LIMIT_MEBIBYTES) {
                throw new InvalidInputException("below the smallest limit");
            }
            return s;
        });
    }

    Spelling cpu() {
        return valid(this::cpuCandidate, s -> CpuQuantity.parse("cpu", s.java()));
    }

    Spelling alpha() {
        int a = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 9999;
            case 2 -> 5000;
            default -> random.nextInt(10_000);
        };
        BigDecimal value = BigDecimal.valueOf(a, 4).stripTrailingZeros();
        return switch (random.nextInt(4)) {
            case 0 -> Spelling.string(value.toPlainString());
            case 1 -> Spelling.number(value.toPlainString());
            case 2 -> Spelling.string(value.toPlainString() + (a == 0 ? "" : "00"));
            default -> scientific(value, false);
        };
    }

    private Spelling memoryCandidate() {
        int form = random.nextInt(5);
        if (form == 0) {
            return Spelling.string(MEMORY_EDGES.get(random.nextInt(MEMORY_EDGES.size())));
        }
        int unit = random.nextInt(MEMORY_UNITS.size());
        String decimal = decimal(MEMORY_DIGITS.get(unit));
        return switch (form) {
            case 1 -> Spelling.string(decimal + MEMORY_UNITS.get(unit));
            case 2 -> scientific(new BigDecimal(decimal(13)), random.nextBoolean());
            case 3 -> Spelling.number(new BigDecimal(decimal(13)).toPlainString());
            default -> scientific(new BigDecimal(decimal(13)), true);
        };
    }

    private Spelling cpuCandidate() {
        return switch (random.nextInt(5)) {
            case 0 -> Spelling.string(CPU_EDGES.get(random.nextInt(CPU_EDGES.size())));
            case 1 -> Spelling.string(decimal(7) + "m");
            case 2 -> Spelling.string(decimal(4));
            case 3 -> Spelling.number(new BigDecimal(decimal(4)).toPlainString());
            default -> scientific(new BigDecimal(decimal(4)), random.nextBoolean());
        };
    }

    /** A positive decimal with up to maxIntDigits integer digits (log-uniform) and 0..9 fraction digits. */
    private String decimal(int maxIntDigits) {
        int intDigits = 1 + random.nextInt(maxIntDigits);
        StringBuilder s = new StringBuilder();
        s.append(intDigits == 1 ? random.nextInt(10) : 1 + random.nextInt(9));
        for (int i = 1; i < intDigits; i++) {
            s.append(random.nextInt(10));
        }
        if (random.nextBoolean()) {
            s.append('.');
            int places = 1 + random.nextInt(9);
            for (int i = 0; i < places; i++) {
                s.append(random.nextInt(10));
            }
        }
        return s.toString();
    }

    /** d.ddde±XX, as Go prints a float64 ({@code 2.68435456e+08}) or as a person writes it ({@code 129E6}). */
    private Spelling scientific(BigDecimal value, boolean asYamlNumber) {
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() == 0) {
            return asYamlNumber ? Spelling.number("0") : Spelling.string("0e0");
        }
        int exponent = v.precision() - v.scale() - 1;
        String mantissa = v.movePointLeft(exponent).toPlainString();
        String e = random.nextBoolean() ? "e" : "E";
        String sign = exponent < 0 ? "-" : (random.nextBoolean() ? "+" : "");
        String digits = String.format(random.nextBoolean() ? "%02d" : "%d", Math.abs(exponent));
        String text = mantissa + e + sign + digits;
        return asYamlNumber && v.precision() <= 15 ? Spelling.number(text) : Spelling.string(text);
    }

    private Spelling valid(java.util.function.Supplier<Spelling> candidates, Function<Spelling, ?> parse) {
        for (int attempt = 0; ; attempt++) {
            Spelling s = candidates.get();
            try {
                parse.apply(s);
                return s;
            } catch (InvalidInputException e) {
                if (attempt > 1000) {
                    throw new IllegalStateException("generator produces no valid values", e);
                }
            }
        }
    }
}
