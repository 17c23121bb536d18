-- Galera's own counters and states (empty on a server without the wsrep provider).
SHOW GLOBAL STATUS WHERE Variable_name IN (
    'wsrep_ready', 'wsrep_connected', 'wsrep_cluster_status', 'wsrep_cluster_size',
    'wsrep_cluster_state_uuid', 'wsrep_cluster_conf_id', 'wsrep_local_state_comment',
    'wsrep_local_index', 'wsrep_incoming_addresses', 'wsrep_last_committed',
    'wsrep_flow_control_paused', 'wsrep_flow_control_paused_ns', 'wsrep_flow_control_sent',
    'wsrep_flow_control_recv', 'wsrep_gcomm_uuid',
    'wsrep_local_recv_queue_avg', 'wsrep_local_send_queue_avg', 'wsrep_local_recv_queue',
    'wsrep_local_cert_failures', 'wsrep_local_bf_aborts', 'wsrep_desync_count')
