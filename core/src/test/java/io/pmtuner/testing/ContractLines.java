package io.pmtuner.testing;

import io.pmtuner.model.Action;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random valid lines of contract v1: ticks and decisions with their keys in any order, optional fields
 * present, null or absent, numbers in every JSON form, unknown fields to skip.
 */
public final class ContractLines {
    private static final String[] STATES = {"S0", "S1", "S2", "S3", "S4"};
    private final Random random;

    public ContractLines(Random random) {
        this.random = random;
    }

    private String number() {
        return switch (random.nextInt(5)) {
            case 0 -> String.valueOf(random.nextInt(2000) - 1000);
            case 1 -> String.valueOf(random.nextDouble());
            case 2 -> String.format("%.3e", random.nextGaussian() * 1e5);
            case 3 -> String.valueOf(Long.MAX_VALUE - random.nextInt(10));
            default -> "-0.0" + random.nextInt(100);
        };
    }

    private String object(List<String> fields) {
        Collections.shuffle(fields, random);
        return "{" + String.join(",", fields) + "}";
    }

    private String optional(List<String> fields, String name, String value) {
        switch (random.nextInt(3)) {
            case 0 -> fields.add("\"" + name + "\":" + value);
            case 1 -> fields.add("\"" + name + "\":null");
            default -> { }
        }
        return name;
    }

    private String instant() {
        Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
        String s = t.toString();
        return random.nextBoolean() ? s : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public String valid() {
        List<String> f = new ArrayList<>();
        f.add("\"v\":1");
        f.add("\"series\":" + object(new ArrayList<>(List.of("\"book\":\"b" + random.nextInt(3) + "\"", "\"chain\":\"sol\\u0061na\"",
                "\"contract\":\"c-é" + random.nextInt(50) + "\"", "\"timeframe\":\"1h\"", "\"extra\":[1,{\"x\":2}]"))));
        f.add("\"bar_ts\":\"" + instant() + "\"");
        f.add("\"seq\":" + random.nextInt(100_000));
        if (random.nextInt(4) > 0) {
            f.add("\"type\":\"tick\"");
            f.add("\"state\":\"" + STATES[random.nextInt(5)] + "\"");
            optional(f, "prev_state", "\"" + STATES[random.nextInt(5)] + "\"");
            f.add("\"price\":" + number());
            f.add("\"atr\":" + number());
            f.add("\"buy_flag\":" + random.nextBoolean());
            f.add("\"trim_flag\":" + random.nextBoolean());
            optional(f, "a_value", number());
            optional(f, "engine_version", "\"e" + random.nextInt(9) + "\"");
            List<String> scores = new ArrayList<>();
            for (int i = 0; i < random.nextInt(4); i++) scores.add("\"s" + i + "\":" + (random.nextInt(4) == 0 ? "null" : number()));
            optional(f, "scores", object(scores));
            List<String> gates = new ArrayList<>();
            for (int i = 0; i < random.nextInt(3); i++) {
                List<String> g = new ArrayList<>(List.of("\"value\":" + number(), "\"threshold\":" + number(), "\"pass\":" + random.nextBoolean()));
                optional(g, "base", number());
                gates.add("\"g" + i + "\":" + object(g));
            }
            optional(f, "gates", object(gates));
            List<String> scope = new ArrayList<>();
            for (int i = 0; i < random.nextInt(3); i++) scope.add("\"d" + i + "\":\"x" + random.nextInt(5) + "\"");
            optional(f, "scope", object(scope));
        } else {
            f.add("\"type\":\"decision\"");
            f.add("\"action\":\"" + Action.values()[random.nextInt(Action.values().length)].wire() + "\"");
            optional(f, "trade_id", "\"t" + random.nextInt(99) + "\"");
            optional(f, "size_frac", number());
            optional(f, "pnl", number());
            optional(f, "reason", "\"r\"");
        }
        if (random.nextBoolean()) f.add("\"ignored\":{\"deep\":[null,true,\"x\"]}");
        return object(f);
    }

}
