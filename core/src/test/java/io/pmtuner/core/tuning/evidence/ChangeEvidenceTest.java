package io.pmtuner.core.tuning.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence documents as the tables hold them: field names, the mode that tells them apart, nulls, and reading back. */
class ChangeEvidenceTest {
    static final SpecEvidence SPEC = new SpecEvidence(List.of("loosen_ts"), "pm.s1_entry", 30, 0, 30, 0, 0, 12, 18, null, null, 0.4, 0.6,
            new TreeMap<>(Map.of("ts", 9L, "halo", 3L)), null, "ep-1", "2026-01-02T03:00:00Z");

    static final CalibratedEvidence CALIBRATED = new CalibratedEvidence(List.of("calibrate_ts"), "pm.s1_entry", 1.0, 1.0, 0.5,
            Map.of("ts", new CalibratedEvidence.GateMove("calibrate_ts", 1.0, 0.95, 0.93, 0.02, 0.1, 4.0, 120, 1, 0.3, 110, true, null,
                    null, null, null, null)), null, "ep-2", "2026-01-03T03:00:00Z");

    @Test
    void theSpecJudgesEvidenceNamesItsModeAndKeepsItsNulls() throws Exception {
        JsonNode j = ChangeEvidence.JSON.readTree(SPEC.toJson());
        assertThat(j.get(ChangeEvidence.MODE).asText()).isEqualTo("spec");
        assertThat(j.get("n_skipped_failure").asLong()).isEqualTo(18);
        assertThat(j.get("wr").isNull()).as("a rate with nothing counted is null, not absent").isTrue();
        assertThat(j.get("window_after").isNull()).isTrue();
        assertThat(j.get("missed_blocked_by").toString()).isEqualTo("{\"halo\":3,\"ts\":9}");
        assertThat(ChangeEvidence.fromJson(SPEC.toJson())).isEqualTo(SPEC);
    }

    @Test
    void theCalibratedJudgesEvidenceLeavesOutWhatDidNotApply() throws Exception {
        JsonNode j = ChangeEvidence.JSON.readTree(CALIBRATED.toJson());
        assertThat(j.get(ChangeEvidence.MODE).asText()).isEqualTo("calibrated");
        JsonNode ts = j.get("gates").get("ts");
        assertThat(ts.get("m_star").asDouble()).isEqualTo(0.93);
        assertThat(ts.get("window_half_width").asDouble()).isEqualTo(0.3);
        assertThat(ts.get("own").asBoolean()).isTrue();
        assertThat(ts.has("theta") || ts.has("inherited_from") || ts.has("regime_change")).as("no selection, inheritance or regime change").isFalse();
        assertThat(j.has("size")).isFalse();
        ChangeEvidence back = ChangeEvidence.fromJson(CALIBRATED.toJson());
        assertThat(back).isEqualTo(CALIBRATED);
        assertThat(((CalibratedEvidence) back).gate("ts").held()).isEqualTo(120);
        assertThat(((CalibratedEvidence) back).gate("halo")).isNull();
    }

    @Test
    void rowsOfOlderBuildsAndNewerFieldsStillRead() {
        // the spec judge's evidence named no mode before; a newer build may add fields
        String old = "{\"rules\": [\"tighten\"], \"pattern_key\": \"pm.s3_retest\", \"n\": 31, \"n_acted\": 31, \"wr\": 0.2, \"added_later\": 1}";
        ChangeEvidence e = ChangeEvidence.fromJson(old);
        assertThat(e).isInstanceOf(SpecEvidence.class);
        assertThat(((SpecEvidence) e).n()).isEqualTo(31);
        assertThat(e.rules()).containsExactly("tighten");
    }
}
