package dev.latchkey.keystore.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.common.BaseDataSource;

/** Names a database for messages as {@code host:port/database}: never a user, password or parameter. */
public final class Where {
  private static final Pattern URL = Pattern.compile("^(?:jdbc:)?postgresql://(?:[^@/]*@)?([^/?]*)(?:/([^?]*))?.*$");

  private Where() {}

  /**
   * {@code host:port/database} of a JDBC URL; the URL as given, less anything after {@code ?}, if it
   * is not a PostgreSQL URL.
   */
  public static String ofUrl(String url) {
    Matcher m = URL.matcher(url);
    if (!m.matches()) {
      int query = url.indexOf('?');
      return query < 0 ? url : url.substring(0, query);
    }
    String host = m.group(1).isEmpty() ? "localhost" : m.group(1);
    String database = m.group(2) == null || m.group(2).isEmpty() ? "(default database)" : m.group(2);
    return host + "/" + database;
  }

  /** The database {@code dataSource} connects to, from its settings if it is pgjdbc's, else by asking it. */
  public static String of(DataSource dataSource) {
    try {
      if (dataSource.isWrapperFor(BaseDataSource.class)) {
        return ofUrl(dataSource.unwrap(BaseDataSource.class).getUrl());
      }
    } catch (SQLException e) {
      // Ask a connection instead.
    }
    try (Connection c = dataSource.getConnection()) {
      return ofUrl(c.getMetaData().getURL());
    } catch (SQLException e) {
      return "(the database of " + dataSource.getClass().getSimpleName() + ")";
    }
  }
}
