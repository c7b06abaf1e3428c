from tests import oembed_server

oembed_provider = oembed_server.oembed_provider
