package io.pmtuner.cli.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the report as one self-contained page, {@code index.html} (the charts embedded as PNG data, no
 * reference to anything outside the file), and every chart beside it as {@code charts/NAME.png} with
 * its data as {@code charts/NAME.csv}. The page's shape is the template {@code page.mustache}; this class
 * only hands it the sections as plain maps and lists (the template escapes every text).
 */
final class ReportPage {
    private static final Mustache PAGE = new DefaultMustacheFactory("io/pmtuner/cli/report") {
        /** HTML's five characters only: mustache.java's default also turns '=' and '`' into entities, which no text here needs. */
        @Override
        public void encode(String value, Writer writer) {
            try {
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    switch (c) {
                        case '&' -> writer.write("&amp;");
                        case '<' -> writer.write("&lt;");
                        case '>' -> writer.write("&gt;");
                        case '"' -> writer.write("&quot;");
                        case '\'' -> writer.write("&#39;");
                        default -> writer.write(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }.compile("page.mustache");

    private ReportPage() {}

    /** Writes the page and the charts; returns the chart files written. */
    static List<Path> write(Path dir, String title, List<Section> sections) throws IOException {
        Path charts = Files.createDirectories(dir.resolve("charts"));
        List<Path> written = new ArrayList<>();
        List<Map<String, Object>> page = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            List<Map<String, Object>> parts = new ArrayList<>();
            for (Object part : s.parts) {
                if (part instanceof Section.Table t) {
                    parts.add(Map.of("table", table(t)));
                    continue;
                }
                Figure f = (Figure) part;
                Path png = Files.write(charts.resolve(f.name() + ".png"), f.png());
                Files.writeString(charts.resolve(f.name() + ".csv"), f.csv(), StandardCharsets.UTF_8);
                written.add(png);
                parts.add(Map.of("figure", Map.of("title", f.title(), "name", f.name(), "png", Base64.getEncoder().encodeToString(f.png()))));
            }
            page.add(Map.of("id", "s" + i, "title", s.title, "text", s.text, "parts", parts));
        }
        StringWriter html = new StringWriter();
        PAGE.execute(html, Map.of("title", title, "sections", page));
        Files.writeString(dir.resolve("index.html"), html.toString(), StandardCharsets.UTF_8);
        return written;
    }

    private static Map<String, Object> table(Section.Table t) {
        Map<String, Object> m = new HashMap<>();
        if (t.caption() != null) m.put("caption", t.caption());
        m.put("folded", t.folded());
        m.put("sortable", t.sortable());
        m.put("header", t.rows().get(0));
        m.put("body", t.rows().subList(1, t.rows().size()).stream().map(r -> Map.of("cells", r)).toList());
        return m;
    }
}
