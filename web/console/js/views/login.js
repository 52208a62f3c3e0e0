// The login form: the same accounts as the API.
import {login} from '/shared/api.js';
import {clear, field, h} from '/shared/dom.js';

export function renderLogin(main, onLoggedIn) {
  const error = h('p.error-text', {role: 'alert'});
  const username = h('input#username', {name: 'username', autocomplete: 'username', required: true});
  const password = h('input#password', {name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const form = h('form.card.login', {
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
  h('h1', '登录'),
  h('p.muted', '昌吉州重污染天气应急指挥部'),
  field('用户名', username), field('密码', password), error,
  h('button#login', {type: 'submit'}, '登录'));
  clear(main, form);
  username.focus();
}
