// Brings an HBase table's column families to the wanted set and VERSIONS, in place, through the
// HBase Java Admin API (the Thrift1 gateway cannot alter a table). Adds missing families and
// raises or lowers VERSIONS; never drops a family that holds data unless --drop-extra is given.
// Run with the local stack's HBase classpath:
//   java -cp <hbase classpath> FixFamilies.java <zk-quorum> <zk-port> <table> <family:versions>... [--drop-extra]
import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.*;
import org.apache.hadoop.hbase.util.Bytes;

public class FixFamilies {
  public static void main(String[] args) throws Exception {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", args[0]);
    conf.set("hbase.zookeeper.property.clientPort", args[1]);
    TableName table = TableName.valueOf(args[2]);
    boolean dropExtra = Arrays.asList(args).contains("--drop-extra");
    Map<String, Integer> wanted = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      if (args[i].startsWith("--")) continue;
      String[] parts = args[i].split(":");
      wanted.put(parts[0], Integer.parseInt(parts[1]));
    }
    try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
      TableDescriptor current = admin.getDescriptor(table);
      for (Map.Entry<String, Integer> entry : wanted.entrySet()) {
        ColumnFamilyDescriptor existing = current.getColumnFamily(Bytes.toBytes(entry.getKey()));
        if (existing == null) {
          admin.addColumnFamily(table, ColumnFamilyDescriptorBuilder.newBuilder(Bytes.toBytes(entry.getKey())).setMaxVersions(entry.getValue()).build());
          System.out.println("added family " + entry.getKey() + " VERSIONS=" + entry.getValue());
        } else if (existing.getMaxVersions() != entry.getValue()) {
          admin.modifyColumnFamily(table, ColumnFamilyDescriptorBuilder.newBuilder(existing).setMaxVersions(entry.getValue()).build());
          System.out.println("set " + entry.getKey() + " VERSIONS " + existing.getMaxVersions() + " -> " + entry.getValue());
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
    }
  }
}
