package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hearthsafety/hearth/services/accounts"
)

// maxPasswordLine bounds what `hearth user set-password` reads from a pipe;
// the accounts service refuses a password longer than 128 bytes anyway.
const maxPasswordLine = 4 << 10

// newPassword reads a new password: asked twice without echo when standard
// input is a terminal, else the first line of standard input (a pipe or a
// file: printf '%s\n' "$PW" | hearth user set-password …), its line end
// dropped. Whether it is long enough is the accounts service's to say, in
// the API's words.
func newPassword(ctx context.Context, std stdio) (string, error) {
	if std.secret != nil {
		pw, err := std.secret(ctx, "新密码 New password: ")
		if err != nil {
			return "", err
		}
		again, err := std.secret(ctx, "再输入一次 Again: ")
		if err != nil {
			return "", err
		}
		if pw != again {
			return "", errors.New("两次输入的密码不一致，未作修改 (the two entries differ; nothing changed)")
		}
		return pw, nil
	}
	if std.in == nil {
		return "", errors.New("标准输入没有密码 (no password on standard input)")
	}
	line, err := bufio.NewReader(io.LimitReader(std.in, maxPasswordLine)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("标准输入没有密码：请用管道传入一行，或在终端中运行以输入 " +
			"(no password on standard input: pipe one line, or run it in a terminal to be asked)")
	}
	return line, nil
}

// SetUserPassword is `hearth user set-password`: through the accounts
// service, as the API's password change, with the API's rules.
func (m *Main) SetUserPassword(ctx context.Context, in accounts.UserPassword) error {
	u, err := m.Accounts().SetPasswordBySystem(ctx, in)
	if err != nil {
		return fmt.Errorf("user set-password: %w", err)
	}
	fmt.Fprintf(m.stdout, "%s/%s 的密码已更新，原有登录已失效 (%s/%s has a new password; its sessions have ended)\n",
		in.Tenant, u.Username, in.Tenant, u.Username)
	if u.Disabled {
		fmt.Fprintf(m.stdout, "注意：该账号已停用 (note: the account is disabled; an admin enables it with POST /api/v1/users/%s/enable)\n", u.ID)
	}
	return nil
}
