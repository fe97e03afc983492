package org.redischart.chartgen.scripts;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The programs a POSIX shell script calls: the first word of every simple command, inside
 * {@code $(…)} too (also within double quotes and {@code $((…))}), and the command that
 * {@code exec}, {@code timeout} and {@code xargs} run. Single-quoted text (awk and sed
 * programs), the rest of double-quoted text, comments, assignments, keywords, the shell's
 * builtins and the script's own functions are not programs. A reader for the chart's own
 * scripts, not a full shell parser: what it cannot read it leaves out rather than guessing.
 */
final class CommandWords {
    /** Reserved words and the builtins of dash and busybox sh (POSIX special and regular builtins). */
    static final Set<String> SHELL = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for",
            "case", "esac", "in", "!", "{", "}", "[", "test", "echo", "printf", "read", "set", "shift", "exit", "return",
            "export", "local", "cd", "pwd", "trap", "wait", "kill", "true", "false", ":", ".", "eval", "exec", "unset",
            "readonly", "getopts", "umask", "ulimit", "type", "command", "alias", "unalias", "hash", "times", "break",
            "continue", "jobs", "fg", "bg");
    /** Programs that run the command given after their own options and arguments. */
    private static final Set<String> RUNNERS = Set.of("exec", "timeout", "xargs", "nice", "nohup", "env");
    private static final Pattern FUNCTION = Pattern.compile("(?m)^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\(\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.+-]*|/[A-Za-z0-9_./+-]+");
    private static final Pattern SEGMENT = Pattern.compile("[^\\n;|&(){}`]+");
    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");

    private CommandWords() {
    }

    /** Functions a script defines ({@code name() …}). */
    static Set<String> functions(String script) {
        Set<String> names = new TreeSet<>();
        Matcher m = FUNCTION.matcher(script);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The programs {@code script} calls, builtins and {@code functions} left out. */
    static Set<String> programs(String script, Set<String> functions) {
        Set<String> programs = new TreeSet<>();
        String code = code(script.replace("\\\n", " "));
        Matcher segments = SEGMENT.matcher(code);
        boolean inCase = false;
        boolean pattern = false;
        while (segments.find()) {
            String before = code.substring(0, segments.start()).stripTrailing();
            List<String> words = List.of(segments.group().trim().split("\\s+"));
            char after = segments.end() < code.length() ? code.charAt(segments.end()) : '\n';
            // Inside case … esac, what follows "in", ";;" or a pattern's "|" up to ")" is a pattern.
            pattern = inCase && (after == ')' || after == '|')
                    && (before.endsWith(" in") || before.endsWith(";;") || before.endsWith("(") || pattern && before.endsWith("|"));
            if (words.contains("case")) {
                inCase = true;
                // "case WORD in PATTERN|…": the first pattern shares the segment with the case head.
                pattern = after == '|';
            }
            if (words.contains("esac")) {
                inCase = false;
            }
            if (!pattern) {
                programs.addAll(programsOf(words, functions));
            }
        }
        return programs;
    }

    private static List<String> programsOf(List<String> words, Set<String> functions) {
        List<String> programs = new java.util.ArrayList<>();
        int i = 0;
        while (i < words.size() && (ASSIGNMENT.matcher(words.get(i)).matches() || isKeyword(words.get(i)))) {
            if (List.of("for", "case").contains(words.get(i))) {
                return programs;
            }
            i++;
        }
        while (i < words.size()) {
            String word = words.get(i);
            if (!NAME.matcher(word).matches()) {
                break;
            }
            if (!SHELL.contains(word) && !functions.contains(word)) {
                programs.add(word);
            }
            if (!RUNNERS.contains(word)) {
                break;
            }
            // The runner's options and arguments (timeout's duration) up to the command.
            i++;
            while (i < words.size() && (words.get(i).startsWith("-") || words.get(i).matches("[0-9.]+[smhd]?")
                    || ASSIGNMENT.matcher(words.get(i)).matches())) {
                i++;
            }
        }
        return programs;
    }

    private static boolean isKeyword(String word) {
        return word.isEmpty() || List.of("if", "then", "else", "elif", "do", "while", "until", "!", "for", "case", "time")
                .contains(word);
    }

    /**
     * The script with everything that is not code blanked ('~', which no program name holds):
     * comments, single-quoted text, double-quoted text outside {@code $(…)}, arithmetic outside
     * {@code $(…)}. Separators inside blanked text cannot split a command.
     */
    static String code(String script) {
        StringBuilder out = new StringBuilder(script.length());
        // Each frame: 'c' code (with its parenthesis depth), 'd' double quotes, 'a' arithmetic.
        Deque<char[]> frames = new ArrayDeque<>();
        Deque<int[]> depths = new ArrayDeque<>();
        frames.push(new char[] {'c'});
        depths.push(new int[] {0});
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            char frame = frames.peek()[0];
            int[] depth = depths.peek();
            boolean wordStart = i == 0 || Character.isWhitespace(script.charAt(i - 1)) || ";|&(".indexOf(script.charAt(i - 1)) >= 0;
            if (c == '\\' && i + 1 < n) {
                out.append("~~");
                i++;
            } else if (frame == 'd') {
                if (c == '"') {
                    frames.pop();
                    depths.pop();
                    out.append(' ');
                } else if (c == '$' && script.startsWith("$((", i)) {
                    frames.push(new char[] {'a'});
                    depths.push(new int[] {0});
                    out.append("~~~");
                    i += 2;
                } else if (c == '$' && i + 1 < n && script.charAt(i + 1) == '(') {
                    frames.push(new char[] {'c'});
                    depths.push(new int[] {0});
                    out.append(" (");
                    i++;
                } else {
                    out.append(c == '\n' ? '\n' : '~');
                }
            } else if (frame == 'a') {
                if (script.startsWith("))", i) && depth[0] == 0) {
                    frames.pop();
                    depths.pop();
                    out.append("~~");
                    i++;
                } else if (c == '$' && i + 1 < n && script.charAt(i + 1) == '(') {
                    frames.push(new char[] {'c'});
                    depths.push(new int[] {0});
                    out.append(" (");
                    i++;
                } else {
                    if (c == '(') {
                        depth[0]++;
                    } else if (c == ')') {
                        depth[0]--;
                    }
                    out.append('~');
                }
            } else if (c == '\'') {
                int end = script.indexOf('\'', i + 1);
                end = end < 0 ? n - 1 : end;
                out.append("~".repeat(end - i + 1));
                i = end;
            } else if (c == '"') {
                frames.push(new char[] {'d'});
                depths.push(new int[] {0});
                out.append(' ');
            } else if (c == '#' && wordStart) {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                i = end - 1;
            } else if (c == '$' && script.startsWith("$((", i)) {
                frames.push(new char[] {'a'});
                depths.push(new int[] {0});
                out.append("~~~");
                i += 2;
            } else if (c == '$' && i + 1 < n && script.charAt(i + 1) == '{') {
                int end = script.indexOf('}', i);
                end = end < 0 ? n - 1 : end;
                out.append("~".repeat(end - i + 1));
                i = end;
            } else if (c == '(') {
                depth[0]++;
                out.append('(');
            } else if (c == ')') {
                if (depth[0] == 0 && frames.size() > 1) {
                    frames.pop();
                    depths.pop();
                } else {
                    depth[0]--;
                }
                out.append(')');
            } else if (c == '$') {
                out.append('~');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
