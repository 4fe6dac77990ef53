package io.pmtuner.cli;

import io.pmtuner.job.db.JdbcSettings;
import io.pmtuner.cli.eval.World;
import io.pmtuner.cli.eval.WorldLines;
import io.pmtuner.cli.report.RateHistory;
import io.pmtuner.cli.report.RecordedTables;
import io.pmtuner.cli.report.Report;
import io.pmtuner.job.testing.PostgresTestBase;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.pmtuner.job.testing.PostgresExtension.newDatabase;
import static io.pmtuner.job.testing.PostgresExtension.query;
import static io.pmtuner.job.testing.TestJobs.runJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The report on the tables of real runs: the bundled sample (spec judge, rejects, two patterns) and a
 * world of the evaluation under the calibrated judge (calibration charts). The page must be self-contained, hold
 * the charts the issue lists, and its numbers must be the tables'.
 */
class ReportITCase extends PostgresTestBase {
    static JdbcSettings sampleDb;
    static JdbcSettings worldDb;
    static Path sampleReport;
    static Path worldReport;

    @BeforeAll
    static void runAndReport(@TempDir Path dir) throws Exception {
        Path sample = dir.resolve("sample.jsonl");
        try (InputStream in = ReportITCase.class.getClassLoader().getResourceAsStream("sample/sample.jsonl")) {
            Files.copy(in, sample);
        }
        sampleDb = newDatabase();
        runJob(sample, sampleDb);
        World w = World.parse("{\"name\": \"R\", \"setups\": 1500, \"scopes\": [{\"share\": 0.6}, {\"share\": 0.4, \"c\": 0.4}]}");
        Path world = Files.write(dir.resolve("world.jsonl"), WorldLines.openLoop(w, 3, 30));
        worldDb = newDatabase();
        runJob(world, worldDb, "--judge.mode", "calibrated");

        sampleReport = dir.resolve("sample-report");
        assertThat(cli("report", "--jdbc-url", sampleDb.url, "--jdbc-user", sampleDb.user, "--out", sampleReport.toString()).exit).isZero();
        worldReport = dir.resolve("world-report");
        Report.write(RecordedTables.load(worldDb), Report.Options.defaults(), worldReport);
    }

    record Run(int exit, String out, String err) {}

    static Run cli(String... args) {
        CommandLine cl = LocalLauncher.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<String> charts(Path report, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(report.resolve("charts"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png") && n.substring(3).startsWith(prefix)).sorted().toList();
        }
    }

    static List<List<String>> csv(Path report, String png) throws Exception {
        return Files.readAllLines(report.resolve("charts").resolve(png.replace(".png", ".csv"))).stream()
                .skip(1).map(l -> List.of(l.split(",", -1))).toList();
    }

    @Test
    void thePageIsSelfContainedAndHoldsTheCharts() throws Exception {
        String html = Files.readString(sampleReport.resolve("index.html"), StandardCharsets.UTF_8);
        // nothing outside the file: no URL, no stylesheet or script by reference
        assertThat(html).doesNotContain("http://", "https://", "src=\"//", "<link", "src=\"charts/");
        assertThat(html).contains("Episodes per week", "Rejected lines per week", "Hit and miss rates over time", "Overrides over time",
                "Calibration per gate", "What if a gate had been set otherwise", "Options that shaped these tables");
        assertThat(charts(sampleReport, "episodes-")).containsExactly("01-episodes-s1_entry.png", "02-episodes-s3_retest.png");
        assertThat(charts(sampleReport, "rejects")).hasSize(1);
        assertThat(charts(sampleReport, "rates-")).hasSizeGreaterThanOrEqualTo(2);
        long overrides = query(sampleDb, "SELECT count(DISTINCT (pattern_key, scope_subset)) AS n FROM pm_override_history").get(0).get("n").equals("0") ? 0 : 1;
        assertThat(charts(sampleReport, "override-")).hasSizeGreaterThanOrEqualTo((int) overrides);
        // every chart is embedded once, and each is a PNG
        int pngs;
        try (Stream<Path> s = Files.list(sampleReport.resolve("charts"))) {
            pngs = (int) s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertThat(html.split("src=\"data:image/png;base64,", -1)).hasSize(pngs + 1);
        byte[] head = Arrays.copyOf(Files.readAllBytes(sampleReport.resolve("charts").resolve("01-episodes-s1_entry.png")), 8);
        assertThat(head).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void weeklyCountsAddUpToTheTables() throws Exception {
        for (String pattern : List.of("s1_entry", "s3_retest")) {
            Map<String, Long> byClass = new HashMap<>();
            for (List<String> r : csv(sampleReport, charts(sampleReport, "episodes-" + pattern).get(0))) byClass.merge(r.get(1), Long.parseLong(r.get(2)), Long::sum);
            Map<String, Long> expected = new HashMap<>();
            for (Map<String, String> r : query(sampleDb, "SELECT decision || '/' || COALESCE(outcome, 'pending') AS k, count(*) AS n"
                    + " FROM pattern_episode_events WHERE pattern_key = ? GROUP BY 1", "pm." + pattern)) {
                expected.put(r.get("k"), Long.parseLong(r.get("n")));
            }
            assertThat(byClass).as(pattern).isEqualTo(expected).isNotEmpty();
        }
        long rejects = csv(sampleReport, charts(sampleReport, "rejects").get(0)).stream().mapToLong(r -> Long.parseLong(r.get(2))).sum();
        assertThat(rejects).isEqualTo(Long.parseLong(query(sampleDb, "SELECT count(*) AS n FROM ingest_rejects").get(0).get("n"))).isPositive();
    }

    @Test
    void ratesOverTimeEndAtEachLessonRow() throws Exception {
        RecordedTables t = RecordedTables.load(sampleDb);
        assertThat(t.lessons()).isNotEmpty();
        for (RecordedTables.Lesson l : t.lessons()) {
            List<RateHistory.Point> points = RateHistory.of(t.episodes(), l.patternKey(), l.subset());
            RateHistory.Point last = points.get(points.size() - 1);
            assertThat(List.of(last.acted(), last.skipped())).as(l.toString()).containsExactly(l.acted(), l.skipped());
            assertThat(last.wr()).as(l.toString()).isEqualTo(l.wr());
            assertThat(last.mr()).as(l.toString()).isEqualTo(l.mr());
        }
    }

    @Test
    void overrideStepsAreTheHistoryWithItsRules() throws Exception {
        List<Map<String, String>> history = query(sampleDb, "SELECT pattern_key, scope_subset::text AS s, version, rule FROM pm_override_history ORDER BY 1, 2, 3");
        assertThat(history).isNotEmpty();
        int rows = 0;
        for (String png : charts(sampleReport, "override-")) {
            for (List<String> r : csv(sampleReport, png)) {
                rows++;
                assertThat(history).anySatisfy(h -> {
                    assertThat(h.get("version")).isEqualTo(r.get(0));
                    assertThat(h.get("rule")).isEqualTo(r.get(2));
                });
            }
        }
        assertThat(rows).isEqualTo(history.size());
    }

    @Test
    void calibrationChartsShowTheGateEvidence() throws Exception {
        List<String> cal = charts(worldReport, "calibration-s1_entry-ts-");
        assertThat(cal).anyMatch(n -> n.endsWith("-global.png"));
        String global = cal.stream().filter(n -> n.endsWith("-global.png")).findFirst().orElseThrow();
        long binned = csv(worldReport, global).stream().mapToLong(r -> Long.parseLong(r.get(1))).sum();
        // the calibrated judge's evidence: resolved, outside data gaps, the ts gate with its base (the world has no other gate)
        long evidence = Long.parseLong(query(worldDb, "SELECT count(*) AS n FROM pattern_episode_events WHERE pattern_key = 'pm.s1_entry'"
                + " AND outcome IN ('success', 'failure') AND NOT data_gap AND factors->'gates'->'ts'->'base' IS NOT NULL").get(0).get("n"));
        assertThat(binned).isEqualTo(evidence).isPositive();
        String html = Files.readString(worldReport.resolve("index.html"));
        assertThat(html).contains("calibrate_ts", "crossing m*");
    }

    @Test
    void whatIfAtTheMultiplierInForceCountsWhatTheGatePassed() throws Exception {
        Run r = cli("whatif", "--jdbc-url", worldDb.url, "--jdbc-user", worldDb.user, "--gate", "ts");
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("(in force)", "0.80", "1.20", "A counterfactual");
        // the world's ticks were written at multiplier 1.0 (open loop): the 1.00 row is what passed as recorded
        String recorded = query(worldDb, "SELECT count(*) AS n FROM pattern_episode_events WHERE outcome IN ('success', 'failure') AND NOT data_gap"
                + " AND (factors->'gates'->'ts'->>'pass')::boolean").get(0).get("n");
        assertThat(r.out).containsPattern("recorded " + recorded + " through");
        String row = r.out.lines().filter(l -> l.startsWith("1.00")).findFirst().orElseThrow();
        assertThat(row.split("\\s+")[1]).isEqualTo(recorded);

        // the report asks every overridden subset too, at the multiplier it holds (the sample's judge loosened halo for vol_bucket=low)
        String page = Files.readString(sampleReport.resolve("index.html"));
        for (Map<String, String> o : query(sampleDb, "SELECT scope_subset::text AS s, halo_mult::float8 AS halo FROM pm_overrides WHERE pattern_key = 'pm.tuning.s1_gates'")) {
            String sub = o.get("s").replaceAll("[{}\"]", "").replace(": ", "=");
            assertThat(page).contains("pm.s1_entry {" + sub + "}, gate halo");
            assertThat(page).contains(String.format(java.util.Locale.ROOT, "%.2f (in force)", Double.parseDouble(o.get("halo"))));
        }

        Run none = cli("whatif", "--jdbc-url", worldDb.url, "--jdbc-user", worldDb.user, "--pattern", "pm.s3_retest");
        assertThat(none.exit).isEqualTo(1);
        assertThat(none.err).startsWith("pm-tuner: no resolved pm.s3_retest episode");
        Run bad = cli("whatif", "--jdbc-url", worldDb.url, "--gate", "slope");
        assertThat(bad.exit).isEqualTo(2);
        assertThat(bad.err.lines().toList()).hasSize(1);
    }

    /** The local launcher's summary of calibrated tables: one line per calibrated move (its query once failed on a JSON operator). */
    @Test
    void theSummaryListsTheCalibratedMoves() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        io.pmtuner.cli.Summary.print(worldDb, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8), java.time.Instant.EPOCH, 0);
        String summary = bytes.toString(StandardCharsets.UTF_8);
        // a gate moved is a line; a change of size alone moves no gate
        int moves = Integer.parseInt(query(worldDb, "SELECT count(*) AS n FROM pm_override_history h, jsonb_each(h.evidence->'gates') g").get(0).get("n"));
        assertThat(summary).contains("Calibrated gate moves");
        assertThat(summary.lines().filter(l -> l.matches(".*pm\\.tuning\\.s1_gates .* ts +[0-9.]+ -> [0-9.]+ .*"))).hasSize(Math.min(moves, 20));
    }

    /** The Grafana dashboard's PostgreSQL panels run on real tables and find rows. */
    @Test
    void theDashboardsQueriesRunOnTheTables() throws Exception {
        List<String> sql = io.pmtuner.job.testing.Dashboard.sql();
        assertThat(sql).hasSizeGreaterThanOrEqualTo(3);
        for (String q : sql) assertThat(query(sampleDb, q)).as(q).isNotEmpty();
    }

    /** The installed headless browser, if any (.ci/run installs Debian's chromium). */
    static String browser() {
        return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
    }

    /** The page's DOM after a headless browser loaded it and ran its scripts. */
    static String dom(String browser, Path page) throws Exception {
        Path dir = page.getParent();
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000",
                "--user-data-dir=" + dir.resolve("browser-profile"), "--dump-dom", page.toUri().toString())
                .redirectError(dir.resolve("browser.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("browser.log"))).isZero();
        return dom;
    }

    /** Opens the page in a real headless browser where one is installed. */
    @Test
    void aHeadlessBrowserRendersEveryChart() throws Exception {
        String browser = browser();
        Assumptions.assumeTrue(browser != null, "no chromium on this machine");
        for (Path report : List.of(sampleReport, worldReport)) {
            String dom = dom(browser, report.resolve("index.html"));
            int pngs;
            try (Stream<Path> s = Files.list(report.resolve("charts"))) {
                pngs = (int) s.filter(f -> f.toString().endsWith(".png")).count();
            }
            assertThat(dom).contains("data-charts-rendered=\"" + pngs + "/" + pngs + "\"");
        }
    }

    /**
     * Every row of pm_overrides is a row of the one sortable table, with its multipliers; in a real browser a
     * click on the "dimensions" heading sorts the rows by it (as numbers), and a second click the other way.
     */
    @Test
    void everyOverrideIsInOneTableThatSorts() throws Exception {
        String html = Files.readString(sampleReport.resolve("index.html"), StandardCharsets.UTF_8);
        List<Map<String, String>> overrides = query(sampleDb, "SELECT pattern_key, scope_subset::text AS s, ts_min_mult FROM pm_overrides");
        assertThat(overrides).isNotEmpty();
        int start = html.indexOf("<table class=\"sortable\">");
        assertThat(start).isNotNegative();
        assertThat(html.indexOf("<table class=\"sortable\">", start + 1)).as("one sortable table").isNegative();
        String table = html.substring(start, html.indexOf("</table>", start));
        assertThat(table).contains("All overrides (" + overrides.size() + ")");
        assertThat(table.split("<tr>", -1)).hasSize(overrides.size() + 2); // the heading's row and one per override
        long charted = table.split("<td>yes</td>", -1).length - 1;
        assertThat(charted).isEqualTo(Math.min(Report.Options.defaults().maxOverrides(), overrides.size()));

        String browser = browser();
        Assumptions.assumeTrue(browser != null, "no chromium on this machine");
        // the page as it is, plus a script that clicks the heading twice and writes down the column after each click
        String probe = "<script>window.addEventListener('load',function(){var t=document.querySelector('table.sortable'),"
                + "h=Array.prototype.findIndex.call(t.tHead.rows[0].cells,function(c){return c.textContent==='dimensions';}),"
                + "col=function(){return Array.prototype.map.call(t.tBodies[0].rows,function(r){return r.cells[h].textContent;}).join(' ');};"
                + "t.tHead.rows[0].cells[h].click();document.body.setAttribute('data-up',col());"
                + "t.tHead.rows[0].cells[h].click();document.body.setAttribute('data-down',col());});</script>";
        Path probed = Files.writeString(sampleReport.resolve("probe.html"), html.replace("</body>", probe + "</body>"));
        String dom = dom(browser, probed);
        List<Integer> up = attribute(dom, "data-up"), down = attribute(dom, "data-down");
        assertThat(up).hasSize(overrides.size()).isSorted();
        List<Integer> reversed = new java.util.ArrayList<>(up);
        java.util.Collections.reverse(reversed);
        assertThat(down).containsExactlyElementsOf(reversed);
        assertThat(java.util.Set.copyOf(up)).as("overrides of different depths, so that an order shows").hasSizeGreaterThan(1);
    }

    private static List<Integer> attribute(String dom, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=\"([0-9 ]*)\"").matcher(dom);
        assertThat(m.find()).as(name).isTrue();
        return Stream.of(m.group(1).split(" ")).map(Integer::valueOf).toList();
    }

    /** The before/after table of each change equals a recount in SQL over the same tables and spans. */
    @Test
    void beforeAndAfterEachChangeIsARecountOfTheTables() throws Exception {
        for (JdbcSettings db : List.of(sampleDb, worldDb)) {
            RecordedTables t = RecordedTables.load(db);
            List<io.pmtuner.cli.report.BeforeAfter.Row> rows = io.pmtuner.cli.report.BeforeAfter.of(t, 1.0, 1.0, 25);
            assertThat(rows).isNotEmpty();
            for (var w : rows) {
                for (var side : List.of(w.before(), w.after())) {
                    try (java.sql.Connection c = db.connect(); java.sql.PreparedStatement ps = c.prepareStatement(
                            "SELECT count(*), COALESCE(sum(CASE WHEN decision = 'acted' THEN 1 ELSE 0 END), 0),"
                                    + " COALESCE(sum(CASE WHEN decision = 'acted' AND outcome = 'success' THEN 1.0 WHEN decision = 'acted' THEN -1.0 ELSE 0 END), 0)"
                                    + " FROM pattern_episode_events WHERE pattern_key = ? AND scope @> ?::jsonb AND outcome IN ('success', 'failure')"
                                    + " AND NOT data_gap AND decision_ts >= ? AND decision_ts < ?")) {
                        ps.setString(1, w.pattern());
                        ps.setString(2, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(w.change().subset()));
                        ps.setTimestamp(3, java.sql.Timestamp.from(side.from()));
                        ps.setTimestamp(4, java.sql.Timestamp.from(side.to()));
                        try (java.sql.ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(side.payoff().n()).as(w.toString()).isEqualTo(rs.getLong(1));
                            assertThat(side.acted()).isEqualTo(rs.getLong(2));
                            if (side.payoff().n() > 0) assertThat(side.payoff().mean()).isCloseTo(rs.getDouble(3) / rs.getLong(1), within(1e-9));
                        }
                    }
                }
            }
        }
        assertThat(Files.readString(sampleReport.resolve("index.html"))).contains("Did a change help: before and after", "Payoff per setup before and after each change");
    }

    /** The payoff over time ends where a recount of the acted episodes in SQL does, and its drawdown never rises above zero. */
    @Test
    void thePayoffPathIsTheActedEpisodesPayoff() throws Exception {
        RecordedTables t = RecordedTables.load(sampleDb);
        for (String pattern : List.of("pm.s1_entry", "pm.s3_retest")) {
            List<io.pmtuner.cli.report.PayoffPath.Point> path = io.pmtuner.cli.report.PayoffPath.of(t.episodes(), pattern, 1.0, 1.0);
            Map<String, String> recount = query(sampleDb, "SELECT count(*) AS n, COALESCE(sum(CASE WHEN outcome = 'success' THEN 1 ELSE -1 END), 0) AS payoff"
                    + " FROM pattern_episode_events WHERE pattern_key = '" + pattern + "' AND decision = 'acted' AND outcome IN ('success', 'failure')"
                    + " AND NOT data_gap").get(0);
            assertThat(path).hasSize(Integer.parseInt(recount.get("n"))).isNotEmpty();
            assertThat(path.get(path.size() - 1).cumulative()).isEqualTo(Double.parseDouble(recount.get("payoff")));
            assertThat(path).allSatisfy(p -> assertThat(p.drawdown()).isLessThanOrEqualTo(0));
        }
        assertThat(charts(sampleReport, "payoff-")).hasSize(2);
        // each what-if table has its chart, the payoff by multiplier with the one in force marked
        long tables = java.util.regex.Pattern.compile("gate (ts|halo): \\d+ episodes").matcher(Files.readString(sampleReport.resolve("index.html"))).results().count();
        assertThat(tables).isPositive();
        assertThat(charts(sampleReport, "whatif-")).hasSize((int) tables);
    }

    /** Every point of a rolling-rate chart is a recount in SQL of the latest episodes of each side up to its instant. */
    @Test
    void theRollingRatesAreARecountOfTheLatestEpisodes() throws Exception {
        RecordedTables t = RecordedTables.load(sampleDb);
        int window = 20; // small, so that the window slides on the sample
        List<RateHistory.Rolling> points = RateHistory.rolling(t.episodes(), "pm.s1_entry", Map.of(), window);
        assertThat(points).hasSizeGreaterThan(window);
        try (java.sql.Connection c = sampleDb.connect(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT count(*), COALESCE(sum(CASE WHEN outcome = 'success' THEN 1 ELSE 0 END), 0) FROM (SELECT outcome FROM pattern_episode_events"
                        + " WHERE pattern_key = 'pm.s1_entry' AND decision = ? AND outcome IN ('success', 'failure') AND NOT data_gap AND outcome_ts <= ?"
                        + " ORDER BY outcome_ts DESC, episode_id DESC LIMIT " + window + ") latest")) {
            for (RateHistory.Rolling pt : points) {
                for (String decision : List.of("acted", "skipped")) {
                    ps.setString(1, decision);
                    ps.setTimestamp(2, java.sql.Timestamp.from(pt.at()));
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long n = rs.getLong(1);
                        Double rate = n == 0 ? null : rs.getLong(2) / (double) n;
                        assertThat(decision.equals("acted") ? pt.acted() : pt.skipped()).as(pt.toString()).isEqualTo(n);
                        assertThat(decision.equals("acted") ? pt.wr() : pt.mr()).as(pt.toString()).isEqualTo(rate);
                    }
                }
            }
        }
    }
}
