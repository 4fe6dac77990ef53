package io.pmtuner.tools.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Corrupts a stream the way a flaky link or a bad disk does: a share of its lines get a copy with one
 * byte changed, which either replaces the line or joins the stream a few lines from it. The byte is a
 * digit of the bar time, of the seq or of another number, a letter of a key or of a string value, or
 * a punctuation mark; always changed to another of its kind, so most copies stay well-formed JSON.
 * The same seed always gives the same stream.
 */
public final class LineMutator {
    /** What part of a line a mutation changes. */
    public enum Kind { DATE_DIGIT, SEQ_DIGIT, NUMBER_DIGIT, KEY_LETTER, VALUE_LETTER, PUNCTUATION }

    /** One corrupted copy: of which input line, what it changed, whether it replaced the line, and its text. */
    public record Mutation(int line, Kind kind, boolean replaced, String text) {}

    /** The corrupted stream and the copies in it. */
    public record Result(List<String> lines, List<Mutation> mutations) {
        public long replaced() {
            return mutations.stream().filter(Mutation::replaced).count();
        }

        public long joined() {
            return mutations.size() - replaced();
        }
    }

    private static final String PUNCTUATION = "{}[]:,\"";
    /** How far from its original a joined copy may land, in lines. */
    private static final int SPREAD = 20;

    private LineMutator() {}

    /** Corrupts {@code share} of the lines (rounded, at least one when share > 0). */
    public static Result mutate(List<String> lines, double share, long seed) {
        Random rnd = new Random(seed);
        int n = share <= 0 ? 0 : Math.max(1, (int) Math.round(share * lines.size()));
        boolean[] chosen = new boolean[lines.size()];
        List<Mutation> mutations = new ArrayList<>(n);
        while (mutations.size() < n && mutations.size() < lines.size()) {
            int i = rnd.nextInt(lines.size());
            if (chosen[i]) continue;
            Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
            String copy = mutate(lines.get(i), kind, rnd);
            if (copy == null) continue; // the line has nothing of that kind: draw again
            chosen[i] = true;
            mutations.add(new Mutation(i, kind, rnd.nextBoolean(), copy));
        }
        // the joined copies land a few lines before or after their original; replaced ones take its place
        List<List<String>> extra = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) extra.add(null);
        String[] out = lines.toArray(new String[0]);
        for (Mutation m : mutations) {
            if (m.replaced()) {
                out[m.line()] = m.text();
            } else {
                int at = Math.max(0, Math.min(lines.size() - 1, m.line() + rnd.nextInt(2 * SPREAD + 1) - SPREAD));
                if (extra.get(at) == null) extra.set(at, new ArrayList<>(1));
                extra.get(at).add(m.text());
            }
        }
        List<String> result = new ArrayList<>(lines.size() + mutations.size());
        for (int i = 0; i < out.length; i++) {
            if (extra.get(i) != null) result.addAll(extra.get(i));
            result.add(out[i]);
        }
        return new Result(result, mutations);
    }

    /** A copy of {@code line} with one byte of {@code kind} changed, or null when it has none. */
    static String mutate(String line, Kind kind, Random rnd) {
        List<Integer> at = positions(line, kind);
        if (at.isEmpty()) return null;
        int i = at.get(rnd.nextInt(at.size()));
        char c = line.charAt(i);
        char d;
        do {
            d = switch (kind) {
                case DATE_DIGIT, SEQ_DIGIT, NUMBER_DIGIT -> (char) ('0' + rnd.nextInt(10));
                case KEY_LETTER, VALUE_LETTER -> (char) ('a' + rnd.nextInt(26));
                case PUNCTUATION -> PUNCTUATION.charAt(rnd.nextInt(PUNCTUATION.length()));
            };
        } while (d == c);
        return line.substring(0, i) + d + line.substring(i + 1);
    }

    /** Where in the line a byte of {@code kind} is: a small scan of flat JSON text, keys and values told apart by what follows them. */
    static List<Integer> positions(String line, Kind kind) {
        List<Integer> out = new ArrayList<>();
        int i = 0;
        String lastKey = null;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) break;
                boolean isKey = end + 1 < line.length() && line.charAt(end + 1) == ':';
                String text = line.substring(i + 1, end);
                for (int j = i + 1; j < end; j++) {
                    char ch = line.charAt(j);
                    boolean letter = ch >= 'a' && ch <= 'z';
                    boolean digit = ch >= '0' && ch <= '9';
                    if (isKey && letter && kind == Kind.KEY_LETTER) out.add(j);
                    if (!isKey && "bar_ts".equals(lastKey) && digit && kind == Kind.DATE_DIGIT) out.add(j);
                    if (!isKey && !"bar_ts".equals(lastKey) && letter && kind == Kind.VALUE_LETTER) out.add(j);
                }
                if (isKey) lastKey = text;
                if (kind == Kind.PUNCTUATION) {
                    out.add(i);
                    out.add(end);
                }
                i = end + 1;
                continue;
            }
            if (c >= '0' && c <= '9') {
                boolean seq = "seq".equals(lastKey);
                if (seq && kind == Kind.SEQ_DIGIT || !seq && kind == Kind.NUMBER_DIGIT) out.add(i);
            } else if (kind == Kind.PUNCTUATION && PUNCTUATION.indexOf(c) >= 0) {
                out.add(i);
            }
            i++;
        }
        return out;
    }
}
