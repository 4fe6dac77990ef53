package io.pmtuner.cli.upgrade;

import io.pmtuner.job.PmTunerJob;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.OperatorIdentifier;
import org.apache.flink.state.api.OperatorTransformation;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.state.api.runtime.SavepointLoader;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rewrites a savepoint of an earlier build for this one with Flink's State Processor API: the miner's and the
 * judges' keyed state is read under the class names that build gave it ({@code io.pmtuner.job.tuning}) and
 * written again under this build's; every other operator's state is copied as it is. The state of a judge
 * mode that no longer exists (the per-subset calibrated judge before the lattice) is not carried over: this
 * build would not read it.
 */
public final class SavepointUpgrade {
    /** The operators rewritten, by uid. */
    static final Map<String, StateSlot.Role> OPERATORS = new LinkedHashMap<>();

    static {
        OPERATORS.put(PmTunerJob.MINER, StateSlot.Role.MINER);
        OPERATORS.put(PmTunerJob.JUDGE, StateSlot.Role.JUDGE);
        OPERATORS.put(PmTunerJob.CHALLENGER_JUDGE, StateSlot.Role.JUDGE);
    }

    private SavepointUpgrade() {}

    /** Writes the upgraded copy of savepoint {@code from} to {@code to} (URIs or paths) on {@code env}; returns the uids it rewrote. */
    public static List<String> run(StreamExecutionEnvironment env, String from, String to) throws Exception {
        Set<OperatorID> present = SavepointLoader.loadSavepointMetadata(from).getOperatorStates().stream()
                .map(OperatorState::getOperatorID).collect(Collectors.toSet());
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        SavepointReader reader = SavepointReader.read(env, from, new HashMapStateBackend());
        SavepointWriter writer = SavepointWriter.fromExistingSavepoint(env, from, new HashMapStateBackend());
        List<String> rewritten = new ArrayList<>();
        for (Map.Entry<String, StateSlot.Role> op : OPERATORS.entrySet()) {
            OperatorIdentifier id = OperatorIdentifier.forUid(op.getKey());
            if (!present.contains(id.getOperatorId())) continue;
            DataStream<KeyState> keys = reader.readKeyedState(id, new KeyStateReader(op.getValue(), true), Types.STRING,
                    TypeInformation.of(KeyState.class));
            writer.removeOperator(id).withOperator(id, OperatorTransformation.bootstrapWith(keys)
                    .keyBy(k -> k.key, Types.STRING)
                    .transform(new CurrentStateWriter(op.getValue())));
            rewritten.add(op.getKey());
        }
        writer.write(to);
        env.execute("upgrade-savepoint");
        return rewritten;
    }
}
