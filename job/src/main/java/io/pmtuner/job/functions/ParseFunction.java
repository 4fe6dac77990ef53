package io.pmtuner.job.functions;

import io.pmtuner.ingest.EventParser;
import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** One input line to a typed event, or to the reject side output with its reason (SPEC 2). */
public class ParseFunction extends ProcessFunction<String, EngineEvent> {
    private static final long serialVersionUID = 1L;

    private final EventParser parser = new EventParser();
    private transient RejectCounters rejects;

    @Override
    public void open(OpenContext ctx) {
        rejects = new RejectCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(String line, Context ctx, Collector<EngineEvent> out) {
        if (line.isBlank()) return; // an empty line carries nothing to lose
        rejects.route(parser.parse(line), ctx, out);
    }
}
