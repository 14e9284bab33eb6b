package org.cordon.xsm.flask.conf;

/**
 * The policy.conf allow rule behind some permissions of one access-vector entry: its position
 * (after {@code #line} markers, so in the original .te file where there are some), the entry's
 * source, target and class values, the permission bits it added, and whether it is conditional.
 */
public record AllowOrigin(String file, int line, int column, int source, int target, int tclass, int perms,
        boolean conditional) {
}
