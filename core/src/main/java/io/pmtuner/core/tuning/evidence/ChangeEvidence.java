package io.pmtuner.core.tuning.evidence;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Why a judge changed an override: the {@code evidence} document of {@code pm_overrides} and
 * {@code pm_override_history}, one record per judge mode, told apart by its {@code mode} field. The
 * judge writes it and the report, the summary and the what-if read it through these types, never by a
 * path into the JSON. Fields are snake_case in the document; rows written before the spec judge's
 * evidence named its mode read as {@link SpecEvidence}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = ChangeEvidence.MODE, defaultImpl = SpecEvidence.class)
@JsonSubTypes({@JsonSubTypes.Type(value = SpecEvidence.class, name = "spec"), @JsonSubTypes.Type(value = CalibratedEvidence.class, name = "calibrated")})
public sealed interface ChangeEvidence permits SpecEvidence, CalibratedEvidence {
    /** The document's field that names the judge mode (what SQL asks: {@code evidence->>'mode'}). */
    String MODE = "mode";

    ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // a newer build may add fields; an older reader skips them
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The rules that fired, in the order the judge applied them. */
    List<String> rules();

    /** The episode whose vote triggered the change. */
    String triggerEpisodeId();

    default String toJson() {
        try {
            return JSON.writerFor(ChangeEvidence.class).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChangeEvidence fromJson(String json) {
        try {
            return JSON.readValue(json, ChangeEvidence.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
