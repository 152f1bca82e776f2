package dev.relay.gateway.domain;

/**
 * What an agent chose: {@code ONLINE} (available when they work and their desk is open) or
 * {@code AWAY}/{@code OFFLINE} (set away). Whether they are reachable is computed
 * ({@link Reachability}); this is one of its inputs.
 */
public enum Presence { ONLINE, AWAY, OFFLINE }
