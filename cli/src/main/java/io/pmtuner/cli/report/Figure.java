package io.pmtuner.cli.report;

import java.util.List;

/**
 * One chart of the report: its file name (without extension), its title, the PNG drawn, and the data it
 * was drawn from as rows (the first the header), written beside it as CSV so that a reader can check
 * or reuse the numbers.
 */
public record Figure(String name, String title, byte[] png, List<List<String>> data) {

    public String csv() {
        StringBuilder b = new StringBuilder();
        for (List<String> row : data) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) b.append(',');
                b.append(quote(row.get(i)));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String quote(String s) {
        if (s == null) return "";
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
