package dev.relay.gateway.domain;

/** Whether an agent is at their desk. Only ONLINE agents take new customers. */
public enum Presence { ONLINE, AWAY, OFFLINE }
