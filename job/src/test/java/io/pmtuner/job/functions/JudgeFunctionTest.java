package io.pmtuner.job.functions;

import io.pmtuner.job.config.JudgeSettings;
import io.pmtuner.core.tuning.JudgeRules;
import io.pmtuner.core.tuning.OverrideChange;
import io.pmtuner.core.tuning.Vote;
import io.pmtuner.core.tuning.Votes;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge operator: changes, the evidence window after a change, and no-change judgments. */
class JudgeFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, Vote, OverrideChange> harness;
    private final Votes votes = new Votes();

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(JudgeFunction.of(JudgeSettings.defaults(), false)), v -> v.key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void feed(List<Vote> vs) throws Exception {
        for (Vote v : vs) harness.processElement(new StreamRecord<>(v, v.knownTs));
    }

    /** The 30 episodes of WorkedExampleITCase, as votes in time order. */
    private List<Vote> workedExample() {
        List<Vote> vs = new ArrayList<>();
        vs.addAll(votes.times(6, votes::actedSuccess));
        vs.addAll(votes.times(4, votes::actedFailure));
        vs.addAll(votes.times(16, () -> votes.skippedSuccess("ts")));
        vs.addAll(votes.times(4, () -> votes.skippedFailure("ts")));
        return vs;
    }

    private List<OverrideChange> changes() {
        List<OverrideChange> out = new ArrayList<>();
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) out.add((OverrideChange) r.getValue());
        }
        return out;
    }

    @Test
    void theWorkedExampleChangesOnceOnItsThirtiethEpisode() throws Exception {
        List<Vote> vs = workedExample();
        feed(vs.subList(0, 29));
        assertThat(changes()).isEmpty();
        feed(vs.subList(29, 30));

        assertThat(changes()).singleElement().satisfies(c -> {
            assertThat(c.patternKey).isEqualTo("pm.tuning.s1_gates");
            assertThat(c.subsetJson).isEqualTo("{}");
            assertThat(c.version).isEqualTo(1);
            assertThat(c.rules).isEqualTo(JudgeRules.LOOSEN_TS);
            assertThat(c.oldTsMinMult).isEqualTo(1.0);
            assertThat(c.tsMinMult).isEqualTo(0.9);
            assertThat(c.haloMult).isEqualTo(1.0);
            assertThat(c.aValueMult).isEqualTo(1.0);
            assertThat(c.decidedTs).isEqualTo(vs.get(29).outcomeTs);
            assertThat(c.triggerEpisodeId).isEqualTo(vs.get(29).episodeId);
            assertThat(c.evidenceEpisodes).isEqualTo(30);
            assertThat(c.evidenceJson).contains("\"mr\":0.8", "\"fpr\":0.4", "\"wr\":0.6", "\"dr\":0.2",
                    "\"missed_blocked_by\":{\"ts\":16}", "\"rules\":[\"loosen_ts\"]");
        });
        // the judge keeps its multipliers: one state entry, no timers
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void afterAChangeEpisodesDecidedBeforeItDoNotCount() throws Exception {
        List<Vote> first = workedExample();
        feed(first);
        long decided = first.get(29).outcomeTs;

        // 30 misses decided before the change, resolved after it: they ran under the old gates
        List<Vote> stale = votes.times(30, () -> votes.skippedSuccess("ts"));
        for (Vote v : stale) {
            v.decisionTs = decided - 1;
            v.outcomeTs = v.knownTs = Math.max(v.outcomeTs, decided + 1);
        }
        feed(stale);
        // one decided exactly at the change does not count either (the evidence window: "strictly later")
        Vote atChange = votes.skippedSuccess("ts");
        atChange.decisionTs = decided;
        feed(List.of(atChange));
        assertThat(changes()).hasSize(1);

        // 30 decided after it do: the window restarts, and the next change compounds once
        feed(workedExample());
        assertThat(changes()).hasSize(2);
        OverrideChange second = changes().get(1);
        assertThat(second.version).isEqualTo(2);
        assertThat(second.oldTsMinMult).isEqualTo(0.9);
        assertThat(second.tsMinMult).isEqualTo(0.81);
        assertThat(second.evidenceJson).contains("\"n\":30", "\"window_after\":\"");
    }

    /** 30 skipped episodes, two of three missed because of ts: MR stays above 0.6 at every length past 30. */
    private List<Vote> missesOnly() {
        List<Vote> vs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vs.add(votes.skippedSuccess("ts"));
            vs.add(votes.skippedSuccess("ts"));
            vs.add(votes.skippedFailure("ts"));
        }
        return vs;
    }

    @Test
    void aJudgmentEqualToTheCurrentMultipliersIsNoChange() throws Exception {
        // loosening ts from 1.0 by 0.9 a step reaches the 0.5 clamp at the seventh change; the windows
        // after it keep asking for 0.5, which is no change
        for (int window = 0; window < 9; window++) feed(missesOnly());
        List<OverrideChange> changes = changes();
        assertThat(changes).extracting(c -> c.tsMinMult)
                .containsExactly(0.9, 0.81, 0.729, 0.6561, 0.59049, 0.531441, 0.5);
        assertThat(changes).extracting(c -> c.version).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void neutralAndDataGapEpisodesAreNotEvidence() throws Exception {
        List<Vote> vs = workedExample();
        List<Vote> noise = new ArrayList<>(votes.times(10, votes::neutral));
        for (Vote v : votes.times(10, () -> votes.skippedSuccess("ts"))) {
            v.dataGap = true;
            noise.add(v);
        }
        feed(noise);
        feed(vs.subList(0, 29));
        assertThat(changes()).isEmpty();
        feed(vs.subList(29, 30));
        assertThat(changes()).singleElement().satisfies(c -> assertThat(c.evidenceEpisodes).isEqualTo(30));
    }

    @Test
    void votesThatAreNoEvidenceLeaveNoState() throws Exception {
        feed(votes.times(3, votes::neutral));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
