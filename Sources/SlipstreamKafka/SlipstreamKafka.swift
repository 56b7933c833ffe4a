// Module SlipstreamKafka.
