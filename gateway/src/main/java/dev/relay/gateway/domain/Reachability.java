package dev.relay.gateway.domain;

/**
 * What an agent's hours, desk and own choice add up to, computed, never typed: {@code HERE} in
 * their working hours with a desk or stream connected and not set away; {@code CLOSED} outside
 * their hours (holidays included); {@code AWAY} otherwise. Only agents who are HERE take customers.
 */
public enum Reachability { HERE, AWAY, CLOSED }
