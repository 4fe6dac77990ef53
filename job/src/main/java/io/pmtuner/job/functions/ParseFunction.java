package io.pmtuner.job.functions;

import io.pmtuner.core.ingest.EventParser;
import io.pmtuner.core.ingest.ParseResult;

/** One input line to a typed event, or to the reject side output with its reason (README "The event contract"). */
public class ParseFunction extends IngestFunction<String> {
    private static final long serialVersionUID = 1L;

    private final EventParser parser = new EventParser();

    @Override
    ParseResult parse(String line) {
        return line.isBlank() ? null : parser.parse(line); // an empty line carries nothing to lose
    }
}
