import { mount } from 'svelte';
import PopupApp from '../../components/PopupApp.svelte';

mount(PopupApp, { target: document.getElementById('app')! });
