package io.pmtuner.job.testing;

import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.shaded.guava33.com.google.common.hash.Hashing;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bytes of state per operator in a savepoint, by the operators' uids (as Flink hashes a uid into an operator id). */
public final class SavepointSizes {
    private SavepointSizes() {}

    public static Map<String, Long> byUid(Path savepoint, List<String> uids) throws IOException {
        Map<OperatorID, String> names = new LinkedHashMap<>();
        for (String uid : uids) {
            names.put(new OperatorID(Hashing.murmur3_128(0).newHasher().putString(uid, StandardCharsets.UTF_8).hash().asBytes()), uid);
        }
        CheckpointMetadata md;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(savepoint.resolve("_metadata")))) {
            md = Checkpoints.loadCheckpointMetadata(in, SavepointSizes.class.getClassLoader(), savepoint.toString());
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (OperatorState op : md.getOperatorStates()) {
            if (op.getStateSize() > 0) out.merge(names.getOrDefault(op.getOperatorID(), op.getOperatorID().toHexString()), op.getStateSize(), Long::sum);
        }
        return out;
    }
}
