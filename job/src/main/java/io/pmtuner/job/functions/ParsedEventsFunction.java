package io.pmtuner.job.functions;

import io.pmtuner.ingest.ParseResult;
import io.pmtuner.model.EngineEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * For a source that parses as it reads (Kafka): accepted events go on with the source's timestamps
 * and watermarks; rejects go to the reject side output, counted as {@link ParseFunction} counts them.
 */
public class ParsedEventsFunction extends ProcessFunction<ParseResult, EngineEvent> {
    private static final long serialVersionUID = 1L;

    private transient RejectCounters rejects;

    @Override
    public void open(OpenContext ctx) {
        rejects = new RejectCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(ParseResult r, Context ctx, Collector<EngineEvent> out) {
        rejects.route(r, ctx, out);
    }
}
