// The login form both web clients show: the same accounts as the API.
import {login} from './api.js';
import {field, h} from './dom.js';

// A form that logs in and then calls `onLoggedIn`; `subtitle` says who it
// is for.
export function loginForm(subtitle, onLoggedIn) {
  const error = h('p.error-text', {role: 'alert'});
  const username = h('input#username', {name: 'username', autocomplete: 'username', required: true, autocapitalize: 'off'});
  const password = h('input#password', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  return h('form.card.login', {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      try {
        await login(username.value.trim(), password.value);
        await onLoggedIn();
      } catch (e) {
        error.textContent = e.status === 401 ? '用户名或密码不正确' : e.message;
        password.select();
      }
    },
  },
  h('h1', '登录'), h('p.muted', subtitle),
  field('用户名', username), field('密码', password), error,
  h('button.big#login', {type: 'submit'}, '登录'));
}
