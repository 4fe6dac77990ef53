package io.pmtuner.model;

/**
 * The type of the sequencer's streams, serialized by {@link TransitionSerializer}: its transitions to
 * the CEP operators, and its transitions and clock ticks to the outcome function. FlinkCEP keeps the
 * elements it buffers in state under its input's type, so this one is in savepoints too; its snapshot
 * accepts state written under the POJO type before it. The outcome function's own buffer keeps the
 * POJO type.
 */
public final class TransitionType extends WireType<Transition> {
    private static final long serialVersionUID = 1L;
    public static final TransitionType INSTANCE = new TransitionType();

    private TransitionType() {
        super(Transition.class, TransitionSerializer.INSTANCE);
    }
}
