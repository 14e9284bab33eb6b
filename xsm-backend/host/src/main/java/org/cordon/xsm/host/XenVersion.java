package org.cordon.xsm.host;

/** The hypervisor's version as {@code xl info} reports it: xen_major, xen_minor, xen_extra (".5", "-rc", ""). */
public record XenVersion(int major, int minor, String extra) {

    /** The release a policy targets ({@code target xen 4.17}): major.minor. */
    public String release() {
        return major + "." + minor;
    }

    @Override
    public String toString() {
        return major + "." + minor + extra;
    }

    /** True when a policy written for {@code target} ("4.17", "4.17.5") fits this hypervisor: same major.minor. */
    public boolean runs(String target) {
        String[] p = target.strip().split("\\.");
        return p.length >= 2 && p[0].equals(Integer.toString(major)) && p[1].equals(Integer.toString(minor));
    }
}
