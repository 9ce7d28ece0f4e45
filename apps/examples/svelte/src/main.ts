// A Svelte 5 storefront page: the subkit tags straight in markup (see App.svelte).
import { mount } from 'svelte';
import '@subkit/elements/define.js';
import App from './App.svelte';
import '../../shared/example.css';

mount(App, { target: document.getElementById('app')! });
