package io.pmtuner.cli.report;

import io.pmtuner.core.tuning.evidence.CalibratedEvidence;
import io.pmtuner.core.tuning.evidence.ChangeEvidence;
import io.pmtuner.core.tuning.evidence.SpecEvidence;
import io.pmtuner.model.TunedGate;
import io.pmtuner.patterns.EpisodeKind;
import io.pmtuner.patterns.EpisodeKinds;


import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report of issue "see it": from the tables of a run, a page a trader reads to see what happened and
 * why each gate moved. It only reads; every number on it comes from the tables.
 */
public final class Report {
    static final List<String> PATTERNS = EpisodeKinds.BUILT_IN.all().stream().map(k -> k.key).toList();
    /** The gates the what-if and the calibration section look at: those a judge moves. */
    static final List<String> GATES = java.util.Arrays.stream(TunedGate.values()).map(g -> g.gate).toList();
    static final double CALIBRATION_BIN = 0.05;

    /** What the report shows beyond its defaults: subsets per pattern, overrides drawn, the what-if's question. */
    public record Options(int topSubsets, int maxOverrides, Map<String, String> whatIfSubset, List<Double> whatIfGrid,
                          Double payoffWin, Double payoffLoss) {
        public static Options defaults() {
            return new Options(3, 8, Map.of(), WhatIf.grid(0.8, 1.2, 0.05), null, null);
        }
    }

    private final RecordedTables t;
    private final Options o;
    private final double payoffWin;
    private final double payoffLoss;
    private int figureNo;

    Report(RecordedTables tables, Options options) {
        this.t = tables;
        this.o = options;
        this.payoffWin = options.payoffWin() != null ? options.payoffWin() : recorded("--judge.payoff-win", 1.0);
        this.payoffLoss = options.payoffLoss() != null ? options.payoffLoss() : recorded("--judge.payoff-loss", 1.0);
    }

    /** Writes the report into {@code dir}; returns the page. */
    public static Path write(RecordedTables tables, Options options, Path dir) throws IOException {
        Report r = new Report(tables, options);
        ReportPage.write(dir, "pm-tuner report", r.sections());
        return dir.resolve("index.html");
    }

    List<Section> sections() {
        List<Section> out = new ArrayList<>();
        out.add(header());
        out.add(episodes());
        out.add(payoff());
        out.add(rejects());
        out.add(rates());
        out.add(overrides());
        out.add(beforeAfter());
        out.add(calibration());
        out.add(whatIf());
        out.add(championAgainstChallenger());
        return out;
    }

    private Section championAgainstChallenger() {
        Section s = new Section("Champion against challenger");
        RecordedTables.Challenger ch = t.challenger();
        if (ch == null) {
            s.say("These tables carry no challenger judge (run with --challenger.judge.* options to score one beside the live judge).");
            return s;
        }
        s.say("The live judge (champion, pm_override_history) and the challenger (" + challengerOptions(ch.options()) + ", pm_challenger_history)"
                + " scored on the same recorded episodes" + (ch.since() == null ? "" : " decided since the challenger started, " + ch.since())
                + ": for each episode, the gates each judge had in force for its scope at its decision time let it through or not;"
                + " one let through pays the PM's observed act rate x (R on a success, -L on a failure), one blocked pays 0"
                + String.format(Locale.ROOT, " (R = %s, L = %s). Payoff per setup with its 95 %% interval; the lead is champion minus challenger,"
                + " paired episode by episode: an interval that holds 0 says the difference is not shown. A counterfactual over what was recorded,"
                + " as the what-if.", num(payoffWin), num(payoffLoss)));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("pattern", "scope subset", "episodes", "champion per setup", "challenger per setup", "lead (champion - challenger)"));
        for (String p : PATTERNS) {
            List<Map<String, String>> subsets = new ArrayList<>();
            subsets.add(Map.of());
            for (RecordedTables.Lesson l : mostEvidence(p)) if (!subsets.contains(l.subset())) subsets.add(l.subset());
            for (Map<String, String> sub : subsets) {
                PolicyScore.Comparison c = PolicyScore.compare(t.episodes(), p, EpisodeKind.of(p).tuningKey, sub, ch.since(), t.changes(),
                        ch.changes(), payoffWin, payoffLoss);
                if (c.champion().n() == 0) continue;
                rows.add(List.of(p, subset(sub), Long.toString(c.champion().n()), interval(c.champion()), interval(c.challenger()), interval(c.lead())));
            }
        }
        if (rows.size() == 1) s.say("No resolved episode shows a ts or halo gate in that window: nothing to score.");
        else s.add(new Section.Table("Payoff per setup, champion and challenger", rows));
        return s;
    }

    /** The challenger's options that differ from the live judge's recorded ones. */
    private String challengerOptions(Map<String, String> options) {
        List<String> differ = new ArrayList<>();
        new TreeMap<>(options).forEach((k, v) -> {
            if (!v.equals(t.runOptions().get(k))) differ.add(k + " " + v);
        });
        return differ.isEmpty() ? "the live judge's options" : String.join(" ", differ);
    }

    private static String interval(PolicyScore.Estimate e) {
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", e.mean(), e.low(), e.high());
    }

    private Section header() {
        Section s = new Section("This run's tables");
        List<RecordedEpisode> eps = t.episodes();
        Instant first = firstEventTime();
        Instant last = eps.stream().map(RecordedEpisode::decisionTs).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
        long resolved = eps.stream().filter(e -> e.outcome() != null).count();
        long rejects = t.rejects().stream().mapToLong(RecordedTables.RejectWeek::count).sum();
        s.say(last == null ? "The tables hold no episode yet." : "Decision points from " + first + " to " + last + " (event time).");
        s.say(String.format(Locale.ROOT, "%d episodes (%d resolved, %d pending), %d distinct rejected lines, %d lesson rows, %d overrides, %d override changes.",
                eps.size(), resolved, eps.size() - resolved, rejects, t.lessons().size(), t.overrides().size(), t.changes().size()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("option", "value"));
        new TreeMap<>(t.runOptions()).forEach((k, v) -> rows.add(List.of(k, v)));
        if (rows.size() == 1) s.say("The tables record no run options (written by a build older than the run-options table).");
        else s.add(Section.Table.folded("Options that shaped these tables (pm_tuner_run_options)", rows));
        return s;
    }

    private Section episodes() {
        Section s = new Section("Episodes per week");
        s.say("Each episode counted in the week of its decision point, by decision and outcome (pending: not resolved yet).");
        for (String p : PATTERNS) {
            Map<String, Map<String, Long>> weekly = weeklyEpisodes(t.episodes(), p);
            if (weekly.isEmpty()) {
                s.say("No " + p + " episode.");
                continue;
            }
            s.add(figure("episodes-" + short_(p), p + ": episodes per week by decision and outcome",
                    Charts.stackedBars(p + ": episodes per week by decision and outcome", "episodes", weekly), long_(weekly, "week", "decision/outcome")));
        }
        return s;
    }

    private Section payoff() {
        Section s = new Section("Payoff over time");
        s.say(String.format(Locale.ROOT, "What acting realised: the cumulative payoff of each pattern's acted episodes (R = %s for a success,"
                + " -L = -%s for a failure, counted when the outcome became known) and its drawdown below the best level reached so far;"
                + " beside it, what the gates in force would have let through: every resolved episode that the multipliers the engine's"
                + " lookup gave its scope at its decision time let through, as if acted on (a counterfactual over what was recorded, as"
                + " the what-if below)."
                + " The dashed marks are the changes of the pattern's global override ({}), labelled with their version (the"
                + " override tables' version column).", num(payoffWin), num(payoffLoss)));
        for (String p : PATTERNS) {
            List<PayoffPath.Point> path = PayoffPath.of(t.episodes(), p, payoffWin, payoffLoss);
            if (path.isEmpty()) continue;
            String key = EpisodeKind.of(p).tuningKey;
            List<PayoffPath.Point> through = PayoffPath.letThrough(t.episodes(), p, key, t.changes(), payoffWin, payoffLoss);
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            List<List<String>> data = new ArrayList<>();
            data.add(List.of("outcome_ts", "path", "cumulative_payoff", "drawdown"));
            double low = 0;
            double high = 0;
            for (Map.Entry<String, List<PayoffPath.Point>> named : List.of(Map.entry("acted", path), Map.entry("let through", through))) {
                List<double[]> cumulative = new ArrayList<>();
                List<double[]> drawdown = new ArrayList<>();
                for (PayoffPath.Point pt : named.getValue()) {
                    cumulative.add(new double[] {pt.t(), pt.cumulative()});
                    drawdown.add(new double[] {pt.t(), pt.drawdown()});
                    data.add(List.of(Instant.ofEpochMilli(pt.t()).toString(), named.getKey(), num(pt.cumulative()), num(pt.drawdown())));
                    low = Math.min(low, Math.min(pt.cumulative(), pt.drawdown()));
                    high = Math.max(high, pt.cumulative());
                }
                series.put("cumulative payoff, " + named.getKey(), cumulative);
                series.put("drawdown, " + named.getKey(), drawdown);
            }
            List<Charts.Mark> marks = marks(changesOf(key, Map.of()));
            String title = p + ": cumulative payoff, acted and let through by the gates in force, and drawdown";
            double pad = Math.max(1, 0.05 * (high - low));
            s.add(figure("payoff-" + short_(p), title, Charts.linesOverTime(title, "payoff", series, marks, low - pad, high + pad), data));
        }
        if (s.parts.isEmpty()) s.say("No acted episode with an outcome yet.");
        return s;
    }

    private Section rejects() {
        Section s = new Section("Rejected lines per week");
        Map<String, Map<String, Long>> weekly = new TreeMap<>();
        for (RecordedTables.RejectWeek r : t.rejects()) {
            weekly.computeIfAbsent(r.week() == null ? "no time" : r.week().toString(), k -> new TreeMap<>()).merge(r.reason(), r.count(), Long::sum);
        }
        if (weekly.isEmpty()) {
            s.say("No line was rejected.");
            return s;
        }
        s.say("Distinct rejected lines (ingest_rejects) by the week of their bar time and reason; lines whose time could not be read are under 'no time'.");
        s.add(figure("rejects", "Rejected lines per week by reason",
                Charts.stackedBars("Rejected lines per week by reason", "lines", weekly), long_(weekly, "week", "reason")));
        return s;
    }

    /** Episodes in the rolling window of the rates' charts: enough for an interval of about +/-0.14, few enough to show a change. */
    static final int RATE_WINDOW = 50;

    private Section rates() {
        Section s = new Section("Hit and miss rates over time");
        s.say(String.format(Locale.ROOT, "WR = acted and succeeded / acted over the latest %d acted episodes, MR = skipped and succeeded / skipped"
                + " over the latest %d skipped ones (resolved success or failure, outside data gaps), at each point of event time, each with its"
                + " 95 %% Wilson interval (thin lines), for the scope subsets with the most evidence; FPR = 1 - WR and DR = 1 - MR. The charts'"
                + " CSV has how many episodes each point rests on. The dashed marks are the override changes of that subset, labelled with their version.", RATE_WINDOW, RATE_WINDOW));
        for (String p : PATTERNS) {
            for (RecordedTables.Lesson l : mostEvidence(p)) {
                List<RateHistory.Rolling> points = RateHistory.rolling(t.episodes(), p, l.subset(), RATE_WINDOW);
                if (points.isEmpty()) continue;
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                for (String name : List.of("WR", "WR 95% low", "WR 95% high", "MR", "MR 95% low", "MR 95% high")) series.put(name, new ArrayList<>());
                List<List<String>> data = new ArrayList<>();
                data.add(List.of("outcome_ts", "acted_in_window", "wr", "wr_low", "wr_high", "skipped_in_window", "mr", "mr_low", "mr_high"));
                for (RateHistory.Rolling pt : points) {
                    double x = pt.at().toEpochMilli();
                    series.get("WR").add(new double[] {x, nan(pt.wr())});
                    series.get("WR 95% low").add(new double[] {x, nan(pt.wrLow())});
                    series.get("WR 95% high").add(new double[] {x, nan(pt.wrHigh())});
                    series.get("MR").add(new double[] {x, nan(pt.mr())});
                    series.get("MR 95% low").add(new double[] {x, nan(pt.mrLow())});
                    series.get("MR 95% high").add(new double[] {x, nan(pt.mrHigh())});
                    data.add(List.of(pt.at().toString(), Long.toString(pt.acted()), num(pt.wr()), num(pt.wrLow()), num(pt.wrHigh()),
                            Long.toString(pt.skipped()), num(pt.mr()), num(pt.mrLow()), num(pt.mrHigh())));
                }
                List<Charts.Mark> marks = marks(changesOf(EpisodeKind.of(p).tuningKey, l.subset()));
                String title = p + " " + subset(l.subset()) + ": WR and MR over the latest " + RATE_WINDOW + " episodes";
                s.add(figure("rates-" + short_(p) + "-" + slug(l.subset()), title, Charts.linesOverTime(title, "rate", series, marks, 0, 1), data));
            }
        }
        return s;
    }

    private Section overrides() {
        Section s = new Section("Overrides over time");
        Map<String, List<RecordedTables.Change>> byOverride = new LinkedHashMap<>();
        for (RecordedTables.Change c : t.changes()) byOverride.computeIfAbsent(c.tuningKey() + " " + subset(c.subset()), k -> new ArrayList<>()).add(c);
        if (byOverride.isEmpty()) {
            s.say("The judge changed no override: every gate runs at its base (multiplier 1.0).");
            return s;
        }
        List<Map.Entry<String, List<RecordedTables.Change>>> ranked = new ArrayList<>(byOverride.entrySet());
        ranked.sort(Comparator.comparing((Map.Entry<String, List<RecordedTables.Change>> e) -> -e.getValue().size()).thenComparing(Map.Entry::getKey));
        List<Map.Entry<String, List<RecordedTables.Change>>> drawn = ranked.subList(0, Math.min(o.maxOverrides(), ranked.size()));
        s.say(String.format(Locale.ROOT, "Every override in pm_overrides in one table (click a column's heading to sort by it), then the %d with"
                + " the most changes as charts: each multiplier as a step line that holds from its change until the"
                + " next, the changes marked with their version, and under each chart which rule made each change and on how many episodes"
                + " it rested.", drawn.size()));
        s.add(allOverrides(byOverride, drawn.stream().map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet())));
        Instant start = firstEventTime();
        Instant end = lastEventTime();
        for (Map.Entry<String, List<RecordedTables.Change>> e : drawn) {
            List<RecordedTables.Change> cs = e.getValue();
            RecordedTables.Change lastChange = cs.get(cs.size() - 1);
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            String[] names = {"ts_min_mult", "halo_mult", "a_value_mult"};
            for (int i = 0; i < 3; i++) {
                List<double[]> pts = new ArrayList<>();
                pts.add(new double[] {Math.min(start.toEpochMilli(), cs.get(0).decidedTs().toEpochMilli()), cs.get(0).oldMults()[i]});
                for (RecordedTables.Change c : cs) pts.add(new double[] {c.decidedTs().toEpochMilli(), c.newMults()[i]});
                pts.add(new double[] {Math.max(end.toEpochMilli(), lastChange.decidedTs().toEpochMilli()), lastChange.newMults()[i]});
                series.put(names[i], pts);
            }
            List<List<String>> changes = new ArrayList<>();
            changes.add(List.of("version", "decided_ts", "rule", "ts_min_mult", "halo_mult", "a_value_mult", "why"));
            for (RecordedTables.Change c : cs) {
                changes.add(List.of(Integer.toString(c.version()), c.decidedTs().toString(), c.rule(), move(c, 0), move(c, 1), move(c, 2), why(c)));
            }
            String title = e.getKey() + ": multipliers over event time";
            s.add(figure("override-" + short_(lastChange.tuningKey()) + "-" + slug(lastChange.subset()), title,
                    Charts.stepsOverTime(title, "multiplier", series, marks(cs)), changes));
            s.add(new Section.Table(e.getKey() + ": changes", changes));
        }
        return s;
    }

    static final int BEFORE_AFTER_ROWS = 25;

    private Section beforeAfter() {
        Section s = new Section("Did a change help: before and after");
        List<BeforeAfter.Row> rows = BeforeAfter.of(t, payoffWin, payoffLoss, BEFORE_AFTER_ROWS);
        if (rows.isEmpty()) {
            s.say("No override change with episodes on both sides of it.");
            return s;
        }
        s.say(String.format(Locale.ROOT, "For the %d changes resting on the most evidence: the episodes of the change's pattern in its scope subset,"
                + " resolved, in two equal spans of event time just before and just after it (as long as the key kept the change, at most"
                + " as long as the data before it), and the payoff per setup they realised (R = %s for an acted success, -L = -%s for an"
                + " acted failure, 0 for a skipped setup) with its 95 %% interval. The engine acted under the gates in force, so the"
                + " after side shows what the change did, with the market of its time.", rows.size(), num(payoffWin), num(payoffLoss)));
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("decided_ts", "override", "version", "rule", "span", "episodes before", "acted before", "payoff per setup before",
                "episodes after", "acted after", "payoff per setup after", "after - before"));
        for (BeforeAfter.Row w : rows) {
            RecordedTables.Change c = w.change();
            table.add(List.of(c.decidedTs().toString(), c.tuningKey() + " " + subset(c.subset()), Integer.toString(c.version()), c.rule(),
                    java.time.Duration.between(w.before().from(), w.before().to()).toString().substring(2).toLowerCase(Locale.ROOT),
                    Long.toString(w.before().payoff().n()), Long.toString(w.before().acted()), interval(w.before().payoff()),
                    Long.toString(w.after().payoff().n()), Long.toString(w.after().acted()), interval(w.after().payoff()),
                    w.before().payoff().n() == 0 || w.after().payoff().n() == 0 ? "-"
                            : String.format(Locale.ROOT, "%+.3f", w.after().payoff().mean() - w.before().payoff().mean())));
        }
        s.add(new Section.Table("Payoff per setup before and after each change", table));
        return s;
    }

    private Section calibration() {
        Section s = new Section("Calibration per gate");
        s.say(String.format(Locale.ROOT, "The calibrated judge's evidence as the tables hold it: for each gate, the episodes on which every other gate passed and whose gate"
                + " shows its base, binned by the implied multiplier m = value / base (bins of %.2f), with the success rate and its 95 %% interval."
                + " A gate pays where the success rate is above break-even L / (R + L) = %.3f (R = %s, L = %s). Where the calibrated judge moved the gate,"
                + " its last fit is drawn.", CALIBRATION_BIN, payoffLoss / (payoffWin + payoffLoss), num(payoffWin), num(payoffLoss)));
        for (String p : PATTERNS) {
            String key = EpisodeKind.of(p).tuningKey;
            TreeSet<String> seen = new TreeSet<>();
            List<Map<String, String>> subsets = new ArrayList<>();
            subsets.add(Map.of());
            for (RecordedTables.Change c : t.changes()) {
                if (c.tuningKey().equals(key) && c.evidence() instanceof CalibratedEvidence && seen.add(subset(c.subset()))
                        && !c.subset().isEmpty() && subsets.size() < 1 + o.topSubsets()) subsets.add(c.subset());
            }
            for (Map<String, String> sub : subsets) {
                for (String gate : GATES) {
                    List<CalibrationView.Bin> bins = CalibrationView.bins(t.episodes(), p, sub, gate, CALIBRATION_BIN);
                    if (bins.isEmpty()) {
                        if (sub.isEmpty() && t.episodes().stream().anyMatch(e -> e.patternKey().equals(p))) {
                            s.say(p + " " + gate + ": no resolved episode shows this gate with its base, so there is no calibration evidence.");
                        }
                        continue;
                    }
                    RecordedTables.Override in = t.overrideOf(key, sub);
                    double inForce = in == null ? 1.0 : in.of(gate);
                    CalibratedEvidence fitFrom = lastCalibrated(key, sub, gate);
                    double[] fit = fitFrom == null ? null : new double[] {fitFrom.gate(gate).a(), fitFrom.gate(gate).b()};
                    double be = fitFrom != null ? fitFrom.be() : payoffLoss / (payoffWin + payoffLoss);
                    List<List<String>> data = new ArrayList<>();
                    data.add(List.of("m_bin_centre", "episodes", "successes", "rate", "low95", "high95"));
                    for (CalibrationView.Bin b : bins) {
                        data.add(List.of(num(b.centre()), Long.toString(b.episodes()), Long.toString(b.successes()), num(b.rate()), num(b.low()), num(b.high())));
                    }
                    String title = p + " " + subset(sub) + ", gate " + gate + ": success rate by implied multiplier";
                    s.add(figure("calibration-" + short_(p) + "-" + gate + "-" + slug(sub), title, Charts.calibration(title, bins, fit, be, inForce), data));
                }
            }
        }
        return s;
    }

    private Section whatIf() {
        Section s = new Section("What if a gate had been set otherwise");
        s.say("A counterfactual over the recorded episodes, not a simulation: for each multiplier, the episodes on which every other gate passed are"
                + " judged again by this gate at threshold base x multiplier (a tick without base counts its recorded threshold as base). 'through'"
                + " would have been let through, 'blocked' not; payoff = the PM's observed act rate on what the gate let through x (R x successes - L x failures)."
                + " The engine's other reactions (a later tick, another path of states) are not simulated. The row marked 'in force' uses the multiplier"
                + " of the override table now; each table's caption gives what was recorded. Besides the subset asked for, every subset"
                + " with an override is asked too: why its gate moved, in the payoff it made.");
        for (String p : PATTERNS) {
            for (Map<String, String> sub : whatIfSubsets(p)) {
                for (String gate : GATES) {
                    WhatIf.Answer a = answer(p, sub, gate);
                    if (a.evidence() == 0) continue;
                    List<double[]> payoffs = new ArrayList<>();
                    List<List<String>> data = new ArrayList<>();
                    data.add(List.of("multiplier", "through", "blocked", "successes", "failures", "payoff", "in_force"));
                    for (WhatIf.Row row : a.rows()) {
                        payoffs.add(new double[] {row.multiplier(), nan(row.payoff())});
                        data.add(List.of(num(row.multiplier()), Long.toString(row.through()), Long.toString(row.blocked()), Long.toString(row.successes()),
                                Long.toString(row.failures()), num(row.payoff()), Boolean.toString(row.inForce())));
                    }
                    String title = p + " " + subset(sub) + ", gate " + gate + ": payoff by multiplier";
                    s.add(figure("whatif-" + short_(p) + "-" + slug(sub) + "-" + gate, title,
                            Charts.lineOverValue(title, gate + " multiplier", "payoff", "payoff", payoffs, a.inForce(), "in force " + num(a.inForce())), data));
                    s.add(new Section.Table(p + " " + subset(sub) + ", gate " + gate + ": " + a.evidence() + " episodes"
                            + (a.withoutBase() > 0 ? " (" + a.withoutBase() + " without base)" : "") + "; recorded: " + a.recordedThrough() + " through, "
                            + a.recordedSuccesses() + " succeeded; act rate " + num(a.actRate()), whatIfRows(a)));
                }
            }
        }
        if (!s.hasTables()) s.say("No resolved episode in " + subset(o.whatIfSubset()) + " shows a ts or halo gate: nothing to ask.");
        return s;
    }

    /**
     * The pattern's lessons with the most evidence, the broader subset first on a tie, leaving out a subset
     * that holds the very episodes of a broader one already chosen (same counts: the same line twice).
     */
    List<RecordedTables.Lesson> mostEvidence(String pattern) {
        List<RecordedTables.Lesson> ranked = t.lessons().stream().filter(l -> l.patternKey().equals(pattern))
                .sorted(Comparator.comparingLong((RecordedTables.Lesson l) -> -(l.acted() + l.skipped())).thenComparingInt(l -> l.subset().size()))
                .toList();
        List<RecordedTables.Lesson> out = new ArrayList<>();
        for (RecordedTables.Lesson l : ranked) {
            if (out.size() == o.topSubsets()) break;
            boolean same = out.stream().anyMatch(c -> l.subset().entrySet().containsAll(c.subset().entrySet())
                    && c.acted() == l.acted() && c.skipped() == l.skipped());
            if (!same) out.add(l);
        }
        return out;
    }

    /** The subset asked for, then the subsets with an override of the pattern's key (as many as overrides are drawn). */
    private List<Map<String, String>> whatIfSubsets(String pattern) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(o.whatIfSubset());
        for (RecordedTables.Override ov : t.overrides()) {
            if (out.size() > o.maxOverrides()) break;
            if (ov.tuningKey().equals(EpisodeKind.of(pattern).tuningKey) && !out.contains(ov.subset())) out.add(ov.subset());
        }
        return out;
    }

    /** The what-if for one pattern, subset and gate over these tables, at the multiplier the override table holds now. */
    WhatIf.Answer answer(String pattern, Map<String, String> sub, String gate) {
        RecordedTables.Override in = t.overrideOf(EpisodeKind.of(pattern).tuningKey, sub);
        WhatIf.Question q = new WhatIf.Question(pattern, sub, gate, o.whatIfGrid(), payoffWin, payoffLoss);
        return WhatIf.answer(q, t.episodes(), in == null ? 1.0 : in.of(gate));
    }

    static List<List<String>> whatIfRows(WhatIf.Answer a) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("multiplier", "through", "blocked", "successes", "failures", "success rate", "payoff", "vs in force"));
        Double base = a.rows().stream().filter(WhatIf.Row::inForce).findFirst().map(WhatIf.Row::payoff).orElse(null);
        for (WhatIf.Row r : a.rows()) {
            rows.add(List.of(String.format(Locale.ROOT, "%.2f", r.multiplier()) + (r.inForce() ? " (in force)" : ""), Long.toString(r.through()), Long.toString(r.blocked()),
                    Long.toString(r.successes()), Long.toString(r.failures()), num(r.successRate()), num(r.payoff()),
                    r.payoff() == null || base == null ? "" : String.format(Locale.ROOT, "%+.1f", r.payoff() - base)));
        }
        return rows;
    }

    /** Episodes per week (Monday, UTC, of the decision point) of one pattern, by "decision/outcome". */
    public static Map<String, Map<String, Long>> weeklyEpisodes(List<RecordedEpisode> episodes, String pattern) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (RecordedEpisode e : episodes) {
            if (!e.patternKey().equals(pattern)) continue;
            out.computeIfAbsent(week(e.decisionTs()).toString(), k -> new TreeMap<>())
                    .merge(e.decision().wire() + "/" + (e.outcome() == null ? "pending" : e.outcome().wire()), 1L, Long::sum);
        }
        return out;
    }

    static LocalDate week(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private List<RecordedTables.Change> changesOf(String key, Map<String, String> sub) {
        return t.changes().stream().filter(c -> c.tuningKey().equals(key) && c.subset().equals(sub)).toList();
    }

    /**
     * Every row of pm_overrides with what its history says of it: how often and when it last changed, on how many
     * episodes that change rested, and whether it is charted below. Sortable in the page.
     */
    private Section.Table allOverrides(Map<String, List<RecordedTables.Change>> byOverride, java.util.Set<String> drawn) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("override key", "scope subset", "dimensions", "ts_min_mult", "halo_mult", "a_value_mult", "changes",
                "last change (decided_ts)", "episodes of the last change", "charted"));
        for (RecordedTables.Override ov : t.overrides()) {
            String key = ov.tuningKey() + " " + subset(ov.subset());
            List<RecordedTables.Change> cs = byOverride.getOrDefault(key, List.of());
            RecordedTables.Change last = cs.isEmpty() ? null : cs.get(cs.size() - 1);
            rows.add(List.of(ov.tuningKey(), subset(ov.subset()), Integer.toString(ov.subset().size()), num(ov.tsMin()), num(ov.halo()),
                    num(ov.aValue()), Integer.toString(cs.size()), last == null ? "" : last.decidedTs().toString(),
                    last == null ? "" : Long.toString(last.evidenceN()), drawn.contains(key) ? "yes" : "no"));
        }
        return Section.Table.sortable("All overrides (" + (rows.size() - 1) + ")", rows);
    }

    /** The changes as marks on a time chart, each labelled with its version. */
    private static List<Charts.Mark> marks(List<RecordedTables.Change> changes) {
        return changes.stream().map(c -> new Charts.Mark(c.decidedTs().toEpochMilli(), "v" + c.version())).toList();
    }

    /** The evidence of the last calibrated move of {@code gate} in this key, or null. */
    private CalibratedEvidence lastCalibrated(String key, Map<String, String> sub, String gate) {
        CalibratedEvidence last = null;
        for (RecordedTables.Change c : changesOf(key, sub)) {
            if (c.evidence() instanceof CalibratedEvidence ce && ce.gate(gate) != null) last = ce;
        }
        return last;
    }

    private Instant firstEventTime() {
        return t.episodes().stream().map(RecordedEpisode::decisionTs).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    private Instant lastEventTime() {
        Instant last = Instant.EPOCH;
        for (RecordedEpisode e : t.episodes()) {
            if (e.decisionTs() != null && e.decisionTs().isAfter(last)) last = e.decisionTs();
            if (e.outcomeTs() != null && e.outcomeTs().isAfter(last)) last = e.outcomeTs();
        }
        return last;
    }

    private double recorded(String option, double fallback) {
        String v = t.runOptions().get(option);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private Figure figure(String name, String title, byte[] png, List<List<String>> data) {
        return new Figure(String.format(Locale.ROOT, "%02d-%s", ++figureNo, name), title, png, data);
    }

    /** Rows "category, series, count" of a nested count map. */
    private static List<List<String>> long_(Map<String, Map<String, Long>> counts, String category, String series) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(category, series, "count"));
        counts.forEach((c, m) -> m.forEach((sname, n) -> rows.add(List.of(c, sname, Long.toString(n)))));
        return rows;
    }

    private static String move(RecordedTables.Change c, int i) {
        return c.oldMults()[i] == c.newMults()[i] ? num(c.newMults()[i]) : num(c.oldMults()[i]) + " -> " + num(c.newMults()[i]);
    }

    /** The evidence a reader needs to see why: the calibrated fit's crossing, or the rates the rule looked at. */
    private static String why(RecordedTables.Change c) {
        StringBuilder b = new StringBuilder();
        if (c.evidence() instanceof CalibratedEvidence ce) {
            new TreeMap<>(ce.gates()).forEach((gate, m) -> b.append(b.length() > 0 ? "; " : "").append(gate)
                    .append(String.format(Locale.ROOT, ": crossing m* %.3f, se %.3f, %d held", m.mStar(), m.se(), m.held())));
        } else if (c.evidence() instanceof SpecEvidence se) {
            b.append("n ").append(se.n()).append(", wr ").append(rate(se.wr())).append(", fpr ").append(rate(se.fpr()))
                    .append(", mr ").append(rate(se.mr())).append(", dr ").append(rate(se.dr()))
                    .append(", missed_blocked_by ").append(ChangeEvidence.JSON.valueToTree(se.missedBlockedBy()).toString());
        }
        return b.toString();
    }

    /** A rate of the spec judge's evidence as its why reads it: three decimals, trailing zeros dropped; "null" when nothing was counted. */
    private static String rate(Double r) {
        return r == null ? "null" : String.format(Locale.ROOT, "%.3f", r).replaceAll("\\.?0+$", "");
    }

    static String subset(Map<String, String> s) {
        if (s.isEmpty()) return "{} (global)";
        StringBuilder b = new StringBuilder("{");
        new TreeMap<>(s).forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append('=').append(v));
        return b.append('}').toString();
    }

    private static String slug(Map<String, String> s) {
        if (s.isEmpty()) return "global";
        StringBuilder b = new StringBuilder();
        new TreeMap<>(s).forEach((k, v) -> b.append(b.length() > 0 ? "-" : "").append(k).append('-').append(v));
        return b.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "_");
    }

    private static String short_(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static double nan(Double d) {
        return d == null ? Double.NaN : d;
    }

    static String num(Double d) {
        if (d == null || d.isNaN()) return "";
        return String.format(Locale.ROOT, "%.3f", d);
    }
}
