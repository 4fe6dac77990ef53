package io.pmtuner.cli.report;

import java.util.ArrayList;
import java.util.List;

/** A part of the report page: a heading, sentences, then charts and tables in the order they were added. */
final class Section {
    /** A table with a caption; the first row is the header. Folded: behind its caption; sortable: by a click on a heading. */
    record Table(String caption, List<List<String>> rows, boolean folded, boolean sortable) {
        Table(String caption, List<List<String>> rows) {
            this(caption, rows, false, false);
        }

        static Table folded(String caption, List<List<String>> rows) {
            return new Table(caption, rows, true, false);
        }

        static Table sortable(String caption, List<List<String>> rows) {
            return new Table(caption, rows, false, true);
        }
    }

    final String title;
    final List<String> text = new ArrayList<>();
    /** Figures and tables, in page order. */
    final List<Object> parts = new ArrayList<>();

    Section(String title) {
        this.title = title;
    }

    void add(Figure f) {
        parts.add(f);
    }

    void add(Table t) {
        parts.add(t);
    }

    boolean hasTables() {
        return parts.stream().anyMatch(p -> p instanceof Table);
    }

    Section say(String sentence) {
        text.add(sentence);
        return this;
    }
}
