package io.pmtuner.job.functions;

import io.pmtuner.model.Reject;
import io.pmtuner.model.Transition;
import io.pmtuner.model.TransitionType;

import org.apache.flink.util.OutputTag;

/** Side outputs shared by the functions and the job wiring. */
public final class Tags {
    /** Bad input, with its reason, on its way to {@code ingest_rejects}. */
    public static final OutputTag<Reject> REJECTS = new OutputTag<>("rejects", org.apache.flink.api.common.typeinfo.TypeInformation.of(Reject.class));
    /**
     * Everything the outcome function needs: the compressed stream plus clock ticks. In its wire form:
     * no state keeps this stream's type (the outcome function buffers under the POJO type).
     */
    public static final OutputTag<Transition> OUTCOME_FEED = new OutputTag<>("outcome-feed", TransitionType.INSTANCE);

    private Tags() {}
}
