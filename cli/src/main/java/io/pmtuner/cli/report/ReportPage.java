package io.pmtuner.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes the report as one self-contained page, {@code index.html} (the charts embedded as PNG data, no
 * reference to anything outside the file), and every chart beside it as {@code charts/NAME.png} with
 * its data as {@code charts/NAME.csv}.
 */
final class ReportPage {
    private ReportPage() {}

    /** Writes the page and the charts; returns the chart files written. */
    static List<Path> write(Path dir, String title, List<Section> sections) throws IOException {
        Path charts = Files.createDirectories(dir.resolve("charts"));
        List<Path> written = new ArrayList<>();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;margin:2em auto;max-width:1000px;color:#222}"
                        + "table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px;text-align:right}"
                        + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}caption{text-align:left;font-weight:bold;padding:4px 0}"
                        + "img{max-width:100%;border:1px solid #eee;margin:0.5em 0}nav a{margin-right:1em}h2{border-bottom:1px solid #ccc;margin-top:2em}</style>\n")
                .append("</head><body>\n<h1>").append(esc(title)).append("</h1>\n<nav>");
        for (int i = 0; i < sections.size(); i++) h.append("<a href=\"#s").append(i).append("\">").append(esc(sections.get(i).title)).append("</a>");
        h.append("</nav>\n");
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            h.append("<section id=\"s").append(i).append("\"><h2>").append(esc(s.title)).append("</h2>\n");
            for (String p : s.text) h.append("<p>").append(esc(p)).append("</p>\n");
            for (Object part : s.parts) {
                if (part instanceof Section.Table t) {
                    table(h, t);
                    continue;
                }
                Figure f = (Figure) part;
                Files.write(charts.resolve(f.name() + ".png"), f.png());
                Files.writeString(charts.resolve(f.name() + ".csv"), f.csv(), StandardCharsets.UTF_8);
                written.add(charts.resolve(f.name() + ".png"));
                h.append("<figure><img class=\"chart\" alt=\"").append(esc(f.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>").append(esc(f.title()))
                        .append(" (data: charts/").append(esc(f.name())).append(".csv)</figcaption></figure>\n");
            }
            h.append("</section>\n");
        }
        // lets a headless browser (and a reader's devtools) tell that every chart decoded
        h.append("<script>window.addEventListener('load',function(){var imgs=document.querySelectorAll('img.chart'),ok=0;"
                + "for(var i=0;i<imgs.length;i++){if(imgs[i].complete&&imgs[i].naturalWidth>0)ok++;}"
                + "document.body.setAttribute('data-charts-rendered',ok+'/'+imgs.length);});</script>\n");
        h.append("</body></html>\n");
        Files.writeString(dir.resolve("index.html"), h.toString(), StandardCharsets.UTF_8);
        return written;
    }

    private static void table(StringBuilder h, Section.Table t) {
        if (t.folded()) h.append("<details><summary>").append(esc(t.caption())).append("</summary>");
        h.append("<table>");
        if (t.caption() != null) h.append("<caption>").append(esc(t.caption())).append("</caption>");
        for (int r = 0; r < t.rows().size(); r++) {
            String cell = r == 0 ? "th" : "td";
            h.append("<tr>");
            for (String v : t.rows().get(r)) h.append('<').append(cell).append('>').append(esc(v)).append("</").append(cell).append('>');
            h.append("</tr>");
        }
        h.append("</table>");
        h.append(t.folded() ? "</details>\n" : "\n");
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
