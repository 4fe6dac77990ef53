package io.pmtuner.tools.bench;

import io.pmtuner.job.PmTunerJob;
import io.pmtuner.job.functions.ParseFunction;
import io.pmtuner.model.EngineEvent;
import io.pmtuner.model.EngineEventType;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * The benchmark's ceiling: what any job over this input must do at least. The same reading and
 * parsing as the job, a keyBy on the series, a keyed function that touches one value of state, and
 * nothing written. The job's throughput is reported as a ratio of this one's, measured in the same run.
 */
final class CeilingJob {
    private CeilingJob() {}

    /** Over the job's streams of lines (one, or one per partition), each parsed at parallelism 1 as in the job. */
    static void wire(Map<String, DataStream<String>> streams) {
        DataStream<EngineEvent> parsed = null;
        for (Map.Entry<String, DataStream<String>> s : streams.entrySet()) {
            DataStream<EngineEvent> one = s.getValue().process(new ParseFunction(), EngineEventType.INSTANCE)
                    .setParallelism(1).name("parse" + PmTunerJob.partitionSuffix(s.getKey()));
            parsed = parsed == null ? one : parsed.union(one);
        }
        parsed.keyBy(e -> e.seriesKey, Types.STRING)
                .process(new TouchOneValue(), Types.LONG).name("touch-state")
                .sinkTo(new DiscardingSink<>()).name("discard");
    }

    static final class TouchOneValue extends KeyedProcessFunction<String, EngineEvent, Long> {
        private transient ValueState<Long> seen;

        @Override
        public void open(OpenContext ctx) {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.LONG));
        }

        @Override
        public void processElement(EngineEvent e, Context ctx, Collector<Long> out) throws Exception {
            Long n = seen.value();
            seen.update(n == null ? 1L : n + 1);
        }
    }
}
