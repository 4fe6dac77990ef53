package io.pmtuner.cli.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/** Draws the report's charts with JFreeChart, headless, as PNG. Colours and sizes in one place. */
final class Charts {
    static final int WIDTH = 960;
    static final int HEIGHT = 380;
    private static final Color CHANGE = new Color(0x99, 0x33, 0x99);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Fixed colours for the series a reader compares across charts; others take JFreeChart's. */
    private static final Map<String, Color> PALETTE = Map.ofEntries(
            Map.entry("acted/success", new Color(0x1a, 0x98, 0x50)), Map.entry("skipped/success", new Color(0x91, 0xcf, 0x60)),
            Map.entry("acted/failure", new Color(0xd7, 0x30, 0x27)), Map.entry("skipped/failure", new Color(0xfc, 0x8d, 0x59)),
            Map.entry("acted/neutral", new Color(0x54, 0x54, 0x54)), Map.entry("skipped/neutral", new Color(0xa0, 0xa0, 0xa0)),
            Map.entry("acted/pending", new Color(0x74, 0xad, 0xd1)), Map.entry("skipped/pending", new Color(0xc6, 0xdb, 0xef)),
            Map.entry("WR", new Color(0x1a, 0x98, 0x50)), Map.entry("FPR", new Color(0xd7, 0x30, 0x27)),
            Map.entry("MR", new Color(0xf4, 0xa5, 0x82)), Map.entry("DR", new Color(0x45, 0x75, 0xb4)),
            Map.entry("ts_min_mult", new Color(0x45, 0x75, 0xb4)), Map.entry("halo_mult", new Color(0xd9, 0x5f, 0x02)),
            Map.entry("a_value_mult", new Color(0x7f, 0x7f, 0x7f)),
            Map.entry("cumulative payoff, acted", new Color(0x45, 0x75, 0xb4)), Map.entry("drawdown, acted", new Color(0xd7, 0x30, 0x27)),
            Map.entry("cumulative payoff, let through", new Color(0x1a, 0x98, 0x50)), Map.entry("drawdown, let through", new Color(0xfd, 0xae, 0x61)));

    static {
        // no display needed, on a server or in CI
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A vertical mark on a time chart: an override change at {@code at} (epoch ms), labelled (its version). */
    record Mark(long at, String label) {}

    /** Beyond this many marks on one chart only every n-th is labelled, so that labels do not print over each other. */
    static final int MAX_LABELS = 12;

    /** Stacked bars: for each category (a week), the counts of each series (a decision and outcome, a reason). */
    static byte[] stackedBars(String title, String valueLabel, Map<String, Map<String, Long>> countsByCategory) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        countsByCategory.forEach((category, counts) -> counts.forEach((series, n) -> data.addValue(n, series, category)));
        CategoryAxis x = new CategoryAxis("week of event time (UTC, Monday)");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setTickLabelFont(SMALL);
        NumberAxis y = new NumberAxis(valueLabel);
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        StackedBarRenderer r = new StackedBarRenderer();
        r.setShadowVisible(false);
        r.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        for (int i = 0; i < data.getRowCount(); i++) {
            Color c = PALETTE.get((String) data.getRowKey(i));
            if (c != null) r.setSeriesPaint(i, c);
        }
        return png(chart(title, plot));
    }

    /** Lines over event time, one per series (null values leave gaps), with labelled vertical marks. */
    static byte[] linesOverTime(String title, String valueLabel, Map<String, List<double[]>> series, List<Mark> marks, double lower, double upper) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name, false, true);
            for (double[] p : points) s.add(p[0], Double.isNaN(p[1]) ? null : p[1]);
            data.addSeries(s);
        });
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        colour(r, data);
        XYPlot plot = new XYPlot(data, timeAxis(), new NumberAxis(valueLabel), r);
        plot.getRangeAxis().setRange(lower, upper);
        addMarks(plot, marks);
        return png(chart(title, plot));
    }

    /** One line of y against a number (a multiplier), points shown, with a labelled mark at {@code markAt}. */
    static byte[] lineOverValue(String title, String xLabel, String yLabel, String name, List<double[]> points, double markAt, String markLabel) {
        XYSeries line = new XYSeries(name, true, true);
        for (double[] p : points) line.add(p[0], Double.isNaN(p[1]) ? null : p[1]);
        XYSeriesCollection data = new XYSeriesCollection(line);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        colour(r, data);
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.addDomainMarker(changeMarker(markAt, markLabel));
        return png(chart(title, plot));
    }

    /** Step lines over event time (a multiplier holds until its next change), with marks at the changes. */
    static byte[] stepsOverTime(String title, String valueLabel, Map<String, List<double[]>> series, List<Mark> marks) {
        XYSeriesCollection data = new XYSeriesCollection();
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (double[] p : e.getValue()) {
                s.add(p[0], p[1]);
                lo = Math.min(lo, p[1]);
                hi = Math.max(hi, p[1]);
            }
            data.addSeries(s);
        }
        XYStepRenderer r = new XYStepRenderer();
        r.setAutoPopulateSeriesStroke(false);
        // lines on the same value (several multipliers at 1.0) stay visible: each later one thinner, the third dashed
        BasicStroke[] strokes = {new BasicStroke(5f), new BasicStroke(2.5f),
                new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {8f, 5f}, 0f)};
        for (int i = 0; i < data.getSeriesCount(); i++) r.setSeriesStroke(i, strokes[Math.min(i, strokes.length - 1)]);
        colour(r, data);
        NumberAxis y = new NumberAxis(valueLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, timeAxis(), y, r);
        y.setRange(Math.min(lo, 1.0) - 0.05, Math.max(hi, 1.0) + 0.05);
        addMarks(plot, marks);
        return png(chart(title, plot));
    }

    /**
     * Success rate by implied multiplier with its intervals, the fitted curve where there is one, a
     * horizontal line at break-even and a vertical one at the gate in force.
     */
    static byte[] calibration(String title, List<CalibrationView.Bin> bins, double[] fit, double breakEven, double inForce) {
        YIntervalSeries observed = new YIntervalSeries("observed success rate (95 % interval)");
        double lo = inForce, hi = inForce;
        for (CalibrationView.Bin b : bins) {
            observed.add(b.centre(), b.rate(), b.low(), b.high());
            lo = Math.min(lo, b.centre());
            hi = Math.max(hi, b.centre());
        }
        YIntervalSeriesCollection points = new YIntervalSeriesCollection();
        points.addSeries(observed);
        NumberAxis x = new NumberAxis("implied multiplier m = value / base");
        x.setRange(lo - 0.05, hi + 0.05);
        NumberAxis y = new NumberAxis("P(success)");
        y.setRange(0, 1);
        XYErrorRenderer errors = new XYErrorRenderer();
        errors.setDrawXError(false);
        XYPlot plot = new XYPlot(points, x, y, errors);
        if (fit != null) {
            XYSeries curve = new XYSeries("judge's last fit: sigmoid(a + b (m - 1))");
            for (int i = 0; i <= 100; i++) {
                double m = lo - 0.05 + (hi - lo + 0.1) * i / 100.0;
                curve.add(m, CalibrationView.fitted(fit[0], fit[1], m));
            }
            plot.setDataset(1, new XYSeriesCollection(curve));
            plot.setRenderer(1, new XYLineAndShapeRenderer(true, false));
        }
        ValueMarker be = new ValueMarker(breakEven, Color.DARK_GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        be.setLabel("break-even " + String.format(java.util.Locale.ROOT, "%.3f", breakEven));
        be.setLabelFont(SMALL);
        be.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        be.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(be);
        ValueMarker gate = new ValueMarker(inForce, CHANGE, new BasicStroke(2f));
        gate.setLabel("gate in force " + String.format(java.util.Locale.ROOT, "%.2f", inForce));
        gate.setLabelFont(SMALL);
        gate.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        gate.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        plot.addDomainMarker(gate);
        return png(chart(title, plot));
    }

    /** A series named "X 95% low" or "X 95% high" is X's interval: X's colour, a thin line, not in the legend. */
    static final String BAND = " 95% ";

    private static void colour(org.jfree.chart.renderer.xy.AbstractXYItemRenderer r, XYSeriesCollection data) {
        for (int i = 0; i < data.getSeriesCount(); i++) {
            String name = (String) data.getSeriesKey(i);
            boolean band = name.contains(BAND);
            Color c = PALETTE.get(band ? name.substring(0, name.indexOf(BAND)) : name);
            if (c != null) r.setSeriesPaint(i, c);
            if (band) {
                r.setSeriesStroke(i, new java.awt.BasicStroke(0.6f));
                r.setSeriesVisibleInLegend(i, false);
            }
        }
    }

    private static DateAxis timeAxis() {
        DateAxis t = new DateAxis("event time (UTC)");
        t.setTimeZone(TimeZone.getTimeZone("UTC"));
        t.setTickLabelFont(SMALL);
        return t;
    }

    /** Every mark drawn; the labels {@link #labels} picks, alternating between two heights. */
    private static void addMarks(XYPlot plot, List<Mark> marks) {
        String[] labels = labels(marks);
        int shown = 0;
        for (int i = 0; i < marks.size(); i++) {
            ValueMarker v = changeMarker(marks.get(i).at(), labels[i]);
            // alternate rows of labels, so that two close changes stay readable
            if (labels[i] != null && shown++ % 2 == 1) v.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(14, 2, 2, 2));
            plot.addDomainMarker(v);
        }
    }

    /** The label each mark is drawn with: all of them up to {@link #MAX_LABELS}, else every n-th from the first (null: none). */
    static String[] labels(List<Mark> marks) {
        int every = Math.max(1, (marks.size() + MAX_LABELS - 1) / MAX_LABELS);
        String[] out = new String[marks.size()];
        for (int i = 0; i < marks.size(); i += every) out[i] = marks.get(i).label();
        return out;
    }

    private static ValueMarker changeMarker(double at, String label) {
        ValueMarker m = new ValueMarker(at, CHANGE, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {3f, 3f}, 0f));
        m.setAlpha(0.8f);
        if (label != null) {
            m.setLabel(label);
            m.setLabelFont(SMALL);
            m.setLabelPaint(CHANGE);
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        }
        return m;
    }

    private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart c = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        c.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        c.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setBackgroundPaint(Color.WHITE);
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot cp) {
            cp.setBackgroundPaint(Color.WHITE);
            cp.setRangeGridlinePaint(Color.LIGHT_GRAY);
        }
        return c;
    }

    private static byte[] png(JFreeChart chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
