// Command casetrail-ferretdb runs FerretDB (MongoDB wire protocol) on top of
// PostgreSQL by embedding the github.com/FerretDB/FerretDB/ferretdb package.
//
// FerretDB's own cmd/ferretdb cannot be built with a plain `go install`
// (it panics at start without build/version/version.txt), hence this wrapper.
//
// Telemetry: the embeddable package never creates the telemetry reporter and
// additionally sets the state to "telemetry disabled + locked"; the state is
// kept in memory only (no state file). This binary also imports no
// update-check or metrics/debug HTTP server, so nothing phones home.
//
// Modes:
//
//	casetrail-ferretdb [flags]          run the server until SIGINT/SIGTERM
//	casetrail-ferretdb -probe [flags]   exit 0 iff the server answers `ping`
//	                                    and a backend-touching command
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

func main() {
	listen := flag.String("listen-addr", env("FERRETDB_LISTEN_ADDR", "127.0.0.1:27017"),
		"TCP listen address (env FERRETDB_LISTEN_ADDR)")
	pgURL := flag.String("postgresql-url", env("FERRETDB_POSTGRESQL_URL", "postgres://127.0.0.1:5433/ferretdb"),
		"PostgreSQL URL (env FERRETDB_POSTGRESQL_URL)")
	logLevel := flag.String("log-level", env("FERRETDB_LOG_LEVEL", "info"),
		"log level: debug, info, warn, error (env FERRETDB_LOG_LEVEL)")
	telemetry := flag.String("telemetry", env("FERRETDB_TELEMETRY", "disable"),
		"telemetry; only 'disable' is accepted (env FERRETDB_TELEMETRY)")
	probe := flag.Bool("probe", false, "probe a running server at -listen-addr and exit 0 if ready")
	probeTimeout := flag.Duration("probe-timeout", 3*time.Second, "timeout for -probe")
	flag.Parse()

	if *probe {
		if err := runProbe(*listen, *probeTimeout); err != nil {
			fmt.Fprintln(os.Stderr, "probe:", err)
			os.Exit(1)
		}
		fmt.Println("ok")
		return
	}

	switch strings.ToLower(*telemetry) {
	case "disable", "disabled", "off", "false", "0":
	default:
		fmt.Fprintf(os.Stderr, "telemetry %q is not supported: this build never reports telemetry\n", *telemetry)
		os.Exit(2)
	}

	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "bad -log-level %q: %v\n", *logLevel, err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: lvl}))
	slog.SetDefault(logger)

	if err := run(logger, *listen, *pgURL); err != nil {
		logger.Error("ferretdb failed", "error", err)
		os.Exit(1)
	}
}

// setVersion reports the real FerretDB module version (e.g. in buildInfo's
// ferretdbVersion) instead of "unknown", which is what embedding yields.
func setVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/FerretDB/FerretDB" {
				version.Get().Version = d.Version
			}
		}
	}
	return version.Get().Version
}

func run(logger *slog.Logger, listen, pgURL string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: listen},
		Logger:        logger.With("component", "ferretdb"),
		Handler:       "postgresql",
		PostgreSQLURL: pgURL,
	})
	if err != nil {
		return err
	}

	logger.Info("starting", "ferretdb", setVersion(), "listen", listen, "backend", "postgresql", "telemetry", "disabled")

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	select {
	case err = <-done:
		return err
	case <-ctx.Done():
	}

	logger.Info("signal received, shutting down")
	stop() // a second signal terminates immediately

	select {
	case err = <-done:
		logger.Info("stopped")
		return err
	case <-time.After(20 * time.Second):
		return errors.New("shutdown timed out")
	}
}

// runProbe performs real wire-protocol round trips: `ping`, then `listDatabases`
// which forces FerretDB to talk to PostgreSQL.
func runProbe(addr string, timeout time.Duration) error {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	opts := options.Client().
		ApplyURI("mongodb://" + addr + "/").
		SetDirect(true).
		SetServerSelectionTimeout(timeout).
		SetConnectTimeout(timeout)

	c, err := mongo.Connect(ctx, opts)
	if err != nil {
		return err
	}
	defer c.Disconnect(context.Background())

	if err = c.Database("admin").RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		return fmt.Errorf("ping: %w", err)
	}

	if _, err = c.ListDatabaseNames(ctx, bson.D{}); err != nil {
		return fmt.Errorf("listDatabases: %w", err)
	}

	return nil
}
