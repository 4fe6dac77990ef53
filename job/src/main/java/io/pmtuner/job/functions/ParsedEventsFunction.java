package io.pmtuner.job.functions;

import io.pmtuner.ingest.ParseResult;

/**
 * For a source that parses as it reads (Kafka): accepted events go on with the source's timestamps
 * and watermarks; rejects go to the reject side output, counted as {@link ParseFunction} counts them.
 */
public class ParsedEventsFunction extends IngestFunction<ParseResult> {
    private static final long serialVersionUID = 1L;

    @Override
    ParseResult parse(ParseResult alreadyParsed) {
        return alreadyParsed;
    }
}
