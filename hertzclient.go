// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"context"
	"crypto/tls"
	"net"
	"time"

	"github.com/cloudwego/hertz/pkg/app/client"
	"github.com/cloudwego/hertz/pkg/common/config"
	"github.com/cloudwego/hertz/pkg/network"
	"github.com/cloudwego/hertz/pkg/network/dialer"
	"github.com/cloudwego/hertz/pkg/network/standard"
	"github.com/cloudwego/hertz/pkg/protocol"
	protoclient "github.com/cloudwego/hertz/pkg/protocol/client"
	"github.com/cloudwego/hertz/pkg/protocol/http1"
)

// NewHertzClient returns a Hertz client made for event streams, to give to
// [WithHertzClient] when the default one does not fit: TLS settings, timeouts, a
// proxy or a dialer of your own go in opts, as for client.NewClient. The default
// Client uses one made with no options.
//
// It differs from client.NewClient in three ways. It streams every response body.
// Without a dialer in opts it dials plain connections with Hertz's default dialer
// (netpoll, where it runs) and TLS connections with Hertz's standard one, which
// netpoll cannot do. And each request of a subscription gets a connection of its
// own, which lets the subscription interrupt it safely at any moment: when its ctx
// ends, or its read timeout ([WithReadTimeout]) runs out, before the response
// header as well as mid-stream. Such connections are closed when the stream ends,
// never kept for another request; requests made with the client outside a
// subscription are pooled as usual.
func NewHertzClient(opts ...config.ClientOption) (*client.Client, error) {
	o := config.NewClientOptions(opts)
	d := streamDialer{Dialer: o.Dialer}
	if d.Dialer == nil {
		d = streamDialer{Dialer: dialer.DefaultDialer(), tls: standard.NewDialer()}
	}
	opts = append(opts[:len(opts):len(opts)], client.WithResponseBodyStream(true), client.WithDialer(d))
	c, err := client.NewClient(opts...)
	if err != nil {
		return nil, err
	}
	c.SetClientFactory(streamClientFactory{c: c})
	return c, nil
}

// isStreamClient reports whether hc was made by NewHertzClient.
func isStreamClient(hc *client.Client) bool {
	_, ok := hc.GetOptions().Dialer.(streamDialer)
	return ok
}

// streamDialer is the dialer of a client made by NewHertzClient: the caller's, or
// Hertz's default with the standard dialer for TLS.
type streamDialer struct {
	network.Dialer
	tls network.Dialer // for TLS connections, when set
}

func (d streamDialer) pick(tlsConfig *tls.Config) network.Dialer {
	if tlsConfig != nil && d.tls != nil {
		return d.tls
	}
	return d.Dialer
}

func (d streamDialer) DialConnection(network, address string, timeout time.Duration, tlsConfig *tls.Config) (network.Conn, error) {
	return d.pick(tlsConfig).DialConnection(network, address, timeout, tlsConfig)
}

func (d streamDialer) DialTimeout(network, address string, timeout time.Duration, tlsConfig *tls.Config) (net.Conn, error) {
	return d.pick(tlsConfig).DialTimeout(network, address, timeout, tlsConfig)
}

func (d streamDialer) AddTLS(conn network.Conn, tlsConfig *tls.Config) (network.Conn, error) {
	return d.pick(tlsConfig).AddTLS(conn, tlsConfig)
}

// streamClientFactory makes the per-host clients of a client made by NewHertzClient.
type streamClientFactory struct{ c *client.Client }

func (f streamClientFactory) NewHostClient() (protoclient.HostClient, error) {
	return &streamHostClient{HostClient: http1.NewHostClient(f.options()), factory: f}, nil
}

// options are those of Hertz's own per-host client, taken when a host is first used
// so that later changes to the client (SetRetryIfFunc, say) apply.
func (f streamClientFactory) options() *http1.ClientOptions {
	o := f.c.GetOptions()
	return &http1.ClientOptions{
		Name:                          o.Name,
		NoDefaultUserAgentHeader:      o.NoDefaultUserAgentHeader,
		Dialer:                        o.Dialer,
		DialTimeout:                   o.DialTimeout,
		DialDualStack:                 o.DialDualStack,
		TLSConfig:                     o.TLSConfig,
		MaxConns:                      o.MaxConnsPerHost,
		MaxConnDuration:               o.MaxConnDuration,
		MaxIdleConnDuration:           o.MaxIdleConnDuration,
		ReadTimeout:                   o.ReadTimeout,
		WriteTimeout:                  o.WriteTimeout,
		MaxResponseBodySize:           o.MaxResponseBodySize,
		DisableHeaderNamesNormalizing: o.DisableHeaderNamesNormalizing,
		DisablePathNormalizing:        o.DisablePathNormalizing,
		MaxConnWaitTimeout:            o.MaxConnWaitTimeout,
		ResponseBodyStream:            o.ResponseBodyStream,
		RetryConfig:                   o.RetryConfig,
		RetryIfFunc:                   f.c.RetryIfFunc,
		StateObserve:                  o.HostClientStateObserve,
		ObservationInterval:           o.ObservationInterval,
	}
}

// streamHostClient is the client of one host: pooled for ordinary requests, and a
// client of its own, dialling through the attempt, for each request of a
// subscription.
type streamHostClient struct {
	protoclient.HostClient
	factory streamClientFactory
	config  *protoclient.DynamicConfig
}

func (h *streamHostClient) SetDynamicConfig(dc *protoclient.DynamicConfig) {
	h.config = dc
	h.HostClient.SetDynamicConfig(dc)
}

// Do sends req on a connection that belongs to the request alone when ctx carries a
// subscription's attempt, so that the attempt knows which connection to wake.
func (h *streamHostClient) Do(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
	a := attemptOf(ctx)
	if a == nil {
		return h.HostClient.Do(ctx, req, resp)
	}
	o := h.factory.options()
	o.Dialer = attemptDialer{Dialer: o.Dialer, attempt: a}
	o.StateObserve = nil // it would start a goroutine for this one request
	one := http1.NewHostClient(o)
	one.SetDynamicConfig(h.config)
	// The connection must close with the stream: nothing would ever reuse it.
	req.SetConnectionClose()
	return one.Do(ctx, req, resp)
}

// attemptDialer dials the connection of one attempt and ties it to the attempt.
type attemptDialer struct {
	network.Dialer
	attempt *attempt
}

func (d attemptDialer) DialConnection(network, address string, timeout time.Duration, tlsConfig *tls.Config) (network.Conn, error) {
	conn, err := d.Dialer.DialConnection(network, address, timeout, tlsConfig)
	if err != nil {
		return nil, err
	}
	if err := bindConn(d.attempt, conn); err != nil {
		_ = conn.Close()
		return nil, err
	}
	return conn, nil
}
