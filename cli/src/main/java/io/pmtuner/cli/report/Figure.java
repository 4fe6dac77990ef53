package io.pmtuner.cli.report;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One chart of the report: its file name (without extension), its title, the PNG drawn, and the data it
 * was drawn from as rows (the first the header), written beside it as CSV so that a reader can check
 * or reuse the numbers.
 */
public record Figure(String name, String title, byte[] png, List<List<String>> data) {

    /** The data as CSV (RFC 4180 quoting, lines ending in a newline alone; a null cell is empty). */
    public String csv() {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            for (List<String> row : data) p.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
