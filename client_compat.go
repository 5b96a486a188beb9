// Copyright 2026 The hertz-contrib/sse Authors
// SPDX-License-Identifier: Apache-2.0

package sse

import (
	"maps"
	"slices"

	"github.com/cloudwego/hertz/pkg/app/client"
)

// The setters and getters of this file are those of the hertz-contrib client that
// earlier code was written against. They keep working; options at [NewClient] are the
// documented way, and each setter names its option.

// OnConnect sets the callback called each time a connection opens. Prefer
// [WithOnConnect].
func (c *Client) OnConnect(fn ConnCallback) { c.SetOnConnectCallback(fn) }

// OnDisconnect sets the callback called each time an open connection ends. Prefer
// [WithOnDisconnect].
func (c *Client) OnDisconnect(fn ConnCallback) { c.SetDisconnectCallback(fn) }

// SetOnConnectCallback is [Client.OnConnect]. Prefer [WithOnConnect].
func (c *Client) SetOnConnectCallback(fn ConnCallback) {
	c.update(func(cfg *clientConfig) { cfg.onConnect = fn })
}

// SetDisconnectCallback is [Client.OnDisconnect]. Prefer [WithOnDisconnect].
func (c *Client) SetDisconnectCallback(fn ConnCallback) {
	c.update(func(cfg *clientConfig) { cfg.onDisconnect = fn })
}

// SetMaxBufferSize sets the largest line or event the Client accepts. Prefer
// [WithMaxBufferSize], which says what it means.
func (c *Client) SetMaxBufferSize(size int) { c.update(WithMaxBufferSize(size).apply) }

// SetURL sets the address of the event stream.
func (c *Client) SetURL(url string) { c.URL = url }

// SetMethod sets the request method. Prefer [WithMethod].
func (c *Client) SetMethod(method string) { c.Method = method }

// SetHeaders sets extra request headers; the map is copied. Prefer [WithHeaders].
func (c *Client) SetHeaders(headers map[string]string) { c.update(WithHeaders(headers).apply) }

// SetResponseCallback sets a callback that inspects each response. Prefer
// [WithResponseCallback].
func (c *Client) SetResponseCallback(fn ResponseCallback) { c.update(WithResponseCallback(fn).apply) }

// SetHertzClient sets the Hertz client that sends the requests; nil restores the
// default. Prefer [WithHertzClient], which says which clients to give it.
func (c *Client) SetHertzClient(hertzClient *client.Client) {
	c.update(WithHertzClient(hertzClient).apply)
}

// SetEncodingBase64 sets whether each event's data is decoded from base64. Prefer
// [WithEncodingBase64].
func (c *Client) SetEncodingBase64(encodingBase64 bool) {
	c.update(func(cfg *clientConfig) { cfg.encodingBase64 = encodingBase64 })
}

// SetBody sets the request body; the slice is copied. Prefer [WithBody].
func (c *Client) SetBody(body []byte) { c.update(WithBody(body).apply) }

// GetURL returns the address of the event stream.
func (c *Client) GetURL() string { return c.URL }

// GetMethod returns the request method.
func (c *Client) GetMethod() string { return c.Method }

// GetHeaders returns a copy of the extra request headers.
func (c *Client) GetHeaders() map[string]string { return maps.Clone(c.config().headers) }

// GetHertzClient returns the Hertz client set with [WithHertzClient], or nil when
// the default client is used.
func (c *Client) GetHertzClient() *client.Client { return c.config().hertzClient }

// GetBody returns a copy of the request body.
func (c *Client) GetBody() []byte { return slices.Clone(c.config().body) }
