// What `init` does to an HBase table that the Thrift1 gateway cannot: create it pre-split, and
// bring an existing one to the wanted families, VERSIONS, compression, data block encoding and
// region boundaries, in place, through the HBase Java Admin API (Thrift1's createTable takes no
// split keys and no encoding, and Thrift1 cannot alter a table at all).
//   --create          create the table (it must not exist) with these families, split at each --split
//   (default)         add missing families, set VERSIONS / COMPRESSION / DATA_BLOCK_ENCODING where they
//                     differ, split at each --split key that is not a region boundary yet (never merges),
//                     and drop families outside the set only with --drop-extra (their data goes)
//   --describe        print each family's settings, one line each, and change nothing
// A family is name:versions[:compression[:encoding]] (compression and encoding as HBase names
// them: NONE, GZ, SNAPPY, ZSTD; NONE, FAST_DIFF, ...); an omitted or empty one is left as it is
// (or HBase's default at --create). Run with the local stack's HBase classpath:
//   java -cp <hbase classpath> FixFamilies.java <zk-quorum> <zk-port> <table> <family spec>... [--create] [--split KEY]... [--drop-extra] [--describe]
import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.*;
import org.apache.hadoop.hbase.io.compress.Compression;
import org.apache.hadoop.hbase.io.encoding.DataBlockEncoding;
import org.apache.hadoop.hbase.regionserver.BloomType;
import org.apache.hadoop.hbase.util.Bytes;

public class FixFamilies {
  record Family(String name, int versions, String compression, String encoding) {}

  public static void main(String[] args) throws Exception {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", args[0]);
    conf.set("hbase.zookeeper.property.clientPort", args[1]);
    TableName table = TableName.valueOf(args[2]);
    List<String> flags = Arrays.asList(args);
    boolean dropExtra = flags.contains("--drop-extra");
    List<byte[]> splits = new ArrayList<>();
    Map<String, Family> wanted = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      if (args[i].equals("--split")) {
        splits.add(Bytes.toBytes(args[++i]));
        continue;
      }
      if (args[i].startsWith("--")) continue;
      String[] parts = args[i].split(":");
      wanted.put(parts[0], new Family(parts[0], Integer.parseInt(parts[1]), part(parts, 2), part(parts, 3)));
    }
    try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
      if (flags.contains("--describe")) {
        for (ColumnFamilyDescriptor family : admin.getDescriptor(table).getColumnFamilies()) {
          System.out.println("family " + family.getNameAsString() + " VERSIONS=" + family.getMaxVersions() + " COMPRESSION=" + family.getCompressionType().name()
              + " DATA_BLOCK_ENCODING=" + family.getDataBlockEncoding().name());
        }
        return;
      }
      if (flags.contains("--create")) {
        TableDescriptorBuilder builder = TableDescriptorBuilder.newBuilder(table);
        // The families Thrift1's createTable makes (init's path for a table of one region): no
        // bloom filter, the block cache on; so a table is the same whichever way init made it.
        for (Family family : wanted.values()) {
          builder.setColumnFamily(apply(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family.name())).setBloomFilterType(BloomType.NONE).setBlockCacheEnabled(true), family).build());
        }
        if (splits.isEmpty()) admin.createTable(builder.build());
        else admin.createTable(builder.build(), splits.toArray(new byte[0][]));
        System.out.println("created table " + table + " with " + (splits.size() + 1) + " regions");
        return;
      }
      TableDescriptor current = admin.getDescriptor(table);
      for (Family family : wanted.values()) {
        ColumnFamilyDescriptor existing = current.getColumnFamily(Bytes.toBytes(family.name()));
        if (existing == null) {
          admin.addColumnFamily(table, apply(ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(family.name())), family).build());
          System.out.println("added family " + family.name() + " VERSIONS=" + family.versions());
          continue;
        }
        ColumnFamilyDescriptor changed = apply(ColumnFamilyDescriptorBuilder.newBuilder(existing), family).build();
        if (ColumnFamilyDescriptor.COMPARATOR.compare(existing, changed) != 0) {
          admin.modifyColumnFamily(table, changed);
          System.out.println("set " + family.name() + " " + settings(existing) + " -> " + settings(changed));
        }
      }
      if (dropExtra) {
        for (ColumnFamilyDescriptor family : current.getColumnFamilies()) {
          if (!wanted.containsKey(family.getNameAsString())) {
            admin.deleteColumnFamily(table, family.getName());
            System.out.println("dropped family " + family.getNameAsString());
          }
        }
      }
      for (byte[] split : splits) {
        if (isBoundary(admin, table, split)) continue;
        // Asynchronous in HBase 2: wait until the master reports the new boundary, so init's
        // check that follows sees the regions it asked for.
        admin.split(table, split);
        long deadline = System.currentTimeMillis() + 120_000;
        while (!isBoundary(admin, table, split)) {
          if (System.currentTimeMillis() > deadline) throw new RuntimeException("ERROR split at " + Bytes.toString(split) + " did not finish in 120 s");
          Thread.sleep(250);
        }
        System.out.println("split at " + Bytes.toString(split));
      }
    }
  }

  private static String part(String[] parts, int i) {
    return parts.length > i && !parts[i].isEmpty() ? parts[i] : null;
  }

  private static ColumnFamilyDescriptorBuilder apply(ColumnFamilyDescriptorBuilder builder, Family family) {
    builder.setMaxVersions(family.versions());
    if (family.compression() != null) builder.setCompressionType(Compression.Algorithm.valueOf(family.compression()));
    if (family.encoding() != null) builder.setDataBlockEncoding(DataBlockEncoding.valueOf(family.encoding()));
    return builder;
  }

  private static String settings(ColumnFamilyDescriptor family) {
    return "VERSIONS=" + family.getMaxVersions() + " COMPRESSION=" + family.getCompressionType().name() + " DATA_BLOCK_ENCODING=" + family.getDataBlockEncoding().name();
  }

  private static boolean isBoundary(Admin admin, TableName table, byte[] key) throws Exception {
    for (RegionInfo region : admin.getRegions(table)) {
      if (!region.isSplitParent() && !region.isOffline() && Bytes.equals(region.getStartKey(), key)) return true;
    }
    return false;
  }
}
