package io.pmtuner.cli;

import java.util.List;
import java.util.function.Consumer;

/** Rows as text columns as wide as their widest value, for the summary and the what-if. */
public final class TextTable {
    private TextTable() {}

    /** Writes {@code rows} (the first the header) line by line to {@code out}, each indented by {@code indent}. */
    public static void print(List<List<String>> rows, String indent, Consumer<String> out) {
        if (rows.isEmpty()) return;
        int[] width = new int[rows.get(0).size()];
        for (List<String> r : rows) for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.size(); i++) line.append(i == 0 ? "" : " ").append(String.format("%-" + width[i] + "s", r.get(i)));
            out.accept(line.toString().stripTrailing());
        }
    }
}
