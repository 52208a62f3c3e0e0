// The login form: the same accounts as the API.
import {clear} from '/shared/dom.js';
import {loginForm} from '/shared/login.js';

export function renderLogin(main, onLoggedIn) {
  clear(main, loginForm('昌吉州重污染天气应急指挥部', onLoggedIn));
  main.querySelector('#username').focus();
}
