package io.pmtuner.model;

/**
 * The type of the outcome feed, the sequencer's transitions and clock ticks to the outcome function,
 * serialized by {@link TransitionSerializer}. Only that stream: the CEP operators' input keeps the POJO
 * type, because FlinkCEP keeps its buffered elements in state under the type of its input.
 */
public final class TransitionType extends WireType<Transition> {
    private static final long serialVersionUID = 1L;
    public static final TransitionType INSTANCE = new TransitionType();

    private TransitionType() {
        super(Transition.class, TransitionSerializer.INSTANCE);
    }
}
