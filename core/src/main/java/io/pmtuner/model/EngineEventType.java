package io.pmtuner.model;

/** The type of the event stream between the parser and the sequencer, serialized by {@link EngineEventSerializer}. */
public final class EngineEventType extends WireType<EngineEvent> {
    private static final long serialVersionUID = 1L;
    public static final EngineEventType INSTANCE = new EngineEventType();

    private EngineEventType() {
        super(EngineEvent.class, EngineEventSerializer.INSTANCE);
    }
}
