package io.pmtuner.model;

import java.util.Objects;

/** One token on one chain at one bar timeframe, in one book: the key of everything (README "The event contract"). */
public class Series {
    public String book;
    public String chain;
    public String contract;
    public String timeframe;

    public Series() {}

    public Series(String book, String chain, String contract, String timeframe) {
        this.book = book;
        this.chain = chain;
        this.contract = contract;
        this.timeframe = timeframe;
    }

    /**
     * The key streams are partitioned by. Joined with the ASCII unit separator so that values
     * containing ':' (which the readable episode id uses) cannot collide.
     */
    public String key() {
        return book + '\u001f' + chain + '\u001f' + contract + '\u001f' + timeframe;
    }

    /** The readable form used inside episode ids: {@code book:chain:contract:timeframe}. */
    public String idPart() {
        return book + ':' + chain + ':' + contract + ':' + timeframe;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Series)) return false;
        Series s = (Series) o;
        return Objects.equals(book, s.book) && Objects.equals(chain, s.chain)
                && Objects.equals(contract, s.contract) && Objects.equals(timeframe, s.timeframe);
    }

    @Override
    public int hashCode() {
        return Objects.hash(book, chain, contract, timeframe);
    }

    @Override
    public String toString() {
        return idPart();
    }
}
