package io.pmtuner.job.sources;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.core.ingest.ParseResult;
import io.pmtuner.model.Reject;
import io.pmtuner.model.RejectReason;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A Kafka message to a parsed event or a reject. Parsing happens here, in the source, because the
 * source needs each event's bar time for its per-partition watermarks. The value is one contract
 * event in UTF-8; the key (the series, for partitioning) is not read: the value says the series.
 * A message without a value or with bytes that are not UTF-8 is rejected as {@code malformed_json},
 * never dropped.
 */
public class ContractEventDeserializer implements KafkaRecordDeserializationSchema<ParseResult> {
    private static final long serialVersionUID = 1L;

    private final EventParser parser = new EventParser();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParseResult> out) {
        ParseResult r = parse(record.value());
        r.partition = record.topic() + "-" + record.partition();
        out.collect(r);
    }

    ParseResult parse(byte[] value) {
        if (value == null || value.length == 0) return malformed("", "empty message (no value)");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            // keep what can be read, so the reject row still shows the message
            return malformed(new String(value, StandardCharsets.UTF_8), "not UTF-8: " + e.getMessage());
        }
        if (text.isBlank()) return malformed(text, "empty message (blank value)");
        return parser.parse(text);
    }

    private static ParseResult malformed(String raw, String detail) {
        return ParseResult.rejected(new Reject(raw, null, RejectReason.MALFORMED_JSON.code(), detail, null));
    }

    @Override
    public TypeInformation<ParseResult> getProducedType() {
        return TypeInformation.of(ParseResult.class);
    }
}
