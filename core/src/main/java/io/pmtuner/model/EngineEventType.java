package io.pmtuner.model;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the event stream between the parser and the sequencer, serialized by
 * {@link EngineEventSerializer}. Streams only: state that holds events declares the POJO type.
 */
public final class EngineEventType extends TypeInformation<EngineEvent> {
    private static final long serialVersionUID = 1L;
    public static final EngineEventType INSTANCE = new EngineEventType();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<EngineEvent> getTypeClass() {
        return EngineEvent.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<EngineEvent> createSerializer(SerializerConfig config) {
        return EngineEventSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EngineEvent (wire)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineEventType;
    }

    @Override
    public int hashCode() {
        return EngineEventType.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof EngineEventType;
    }
}
