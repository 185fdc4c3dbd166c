package io.streamroom.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who is an admin by configuration: account names from STREAMROOM_ADMINS, and client addresses from
 * STREAMROOM_ADMIN_IPS (the original server's rule). Any loopback entry admits every loopback address,
 * because 127.0.0.1 and ::1 are the same machine.
 */
public final class AdminRules {
  private final Set<String> accounts = new HashSet<>();
  private final Set<InetAddress> addresses = new HashSet<>();
  private boolean loopback;

  public AdminRules(List<String> accountNames, List<String> ips) {
    accountNames.forEach(n -> accounts.add(n.toLowerCase(Locale.ROOT)));
    for (String ip : ips) {
      if (ip.equalsIgnoreCase("localhost")) {
        loopback = true;
        continue;
      }
      InetAddress address = parse(ip);
      if (address == null) throw new IllegalArgumentException("not an IP address: " + ip);
      if (address.isLoopbackAddress()) loopback = true;
      addresses.add(address);
    }
  }

  public boolean isAdminAccount(String name) {
    return accounts.contains(name.toLowerCase(Locale.ROOT));
  }

  public List<String> adminAccounts() {
    return List.copyOf(accounts);
  }

  public boolean isAdminAddress(String ip) {
    InetAddress address = parse(ip);
    return address != null && (addresses.contains(address) || (loopback && address.isLoopbackAddress()));
  }

  /** Literal addresses only: never a DNS lookup. */
  private static InetAddress parse(String ip) {
    if (ip == null || ip.isBlank() || !ip.matches("[0-9a-fA-F.:]+")) return null;
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
